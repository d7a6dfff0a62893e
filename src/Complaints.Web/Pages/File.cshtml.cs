using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages;

// The citizen's form: kind, category, place, description, contact, photos (décret 2-17-265).
[EnableRateLimiting(RateLimits.Filing)]
public class FileModel(AppDbContext db, ComplaintFiling filing, CitizenAccess access, IStringLocalizer<SharedResource> l) : PageModel
{
    public Commune Commune { get; private set; } = null!;
    public List<Category> Categories { get; private set; } = [];
    public List<District> Districts { get; private set; } = [];
    public QuestionsForm Questions { get; private set; } = new();

    [BindProperty]
    public FileInput Input { get; set; } = new();

    // Browsers cannot refill a file input: after an error the citizen is told to choose them again.
    public bool PhotosLost { get; private set; }

    public async Task<IActionResult> OnGetAsync(string commune, string? category, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return NotFound();
        Input.Category = category;
        Questions = QuestionsForm.Read(Categories, category, null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string commune, List<IFormFile>? photos, CancellationToken ct)
    {
        // The commune alone: what the form offers is read only when the form is shown again.
        if (!await LoadCommuneAsync(commune, ct))
            return NotFound();
        Questions = QuestionsForm.Read([], Input.Category, Request.Form);
        var request = new FilingRequest
        {
            Kind = Input.Kind,
            Channel = Channel.Web,
            CategoryCode = Input.Category,
            DistrictCode = Input.District,
            Description = Input.Description,
            Address = Input.Address,
            Latitude = Input.Latitude,
            Longitude = Input.Longitude,
            FirstName = Input.FirstName,
            LastName = Input.LastName,
            Email = Input.Email,
            Phone = Input.Phone,
            ConsentToPublish = Input.ConsentToPublish,
            Language = Localization.Current,
            Uploads = (photos ?? []).Select(f => new Upload(f.FileName, f.Length, f.OpenReadStream)).ToList(),
            Answers = Questions.Answers(),
        };
        if (ModelState.IsValid)
        {
            var (filed, errors) = await filing.FileAsync(Commune, request, "citizen", ct);
            if (filed is not null)
            {
                access.Remember(filed.Complaint);
                TempData[ReceiptModel.AccessCodeKey] = filed.AccessCode;
                return Redirect($"/receipt/{filed.Complaint.Reference}");
            }
            await LoadChoicesAsync(ct);
            Questions = QuestionsForm.Read(Categories, Input.Category, Request.Form);
            foreach (var (field, key) in errors.Where(e => !e.Key.StartsWith(QuestionRules.AnswerPrefix, StringComparison.Ordinal)))
                ModelState.AddModelError(field == "Photos" ? "photos" : $"Input.{field}", l[key]);
            Questions.AddErrors(ModelState, errors, l, Localization.Current);
        }
        else
        {
            await LoadChoicesAsync(ct);
            Questions = QuestionsForm.Read(Categories, Input.Category, Request.Form);
        }
        PhotosLost = request.Uploads.Any(u => u.Length > 0);
        return Page();
    }

    async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (!await LoadCommuneAsync(code, ct))
            return false;
        await LoadChoicesAsync(ct);
        return true;
    }

    async Task<bool> LoadCommuneAsync(string code, CancellationToken ct)
    {
        var commune = await CommuneByCode.For(db)(db, code, ct);
        if (commune is not { Active: true })
            return false;
        Commune = commune;
        return true;
    }

    static readonly PerModel<Func<AppDbContext, string, CancellationToken, Task<Commune?>>> CommuneByCode = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, string code, CancellationToken _) =>
            context.Communes.AsNoTracking().SingleOrDefault(c => c.Code == code)));

    // Only what the commune still offers; ComplaintFiling refuses the others even when posted.
    async Task LoadChoicesAsync(CancellationToken ct)
    {
        var lang = Localization.Current;
        Categories = (await db.Categories.AsNoTracking().Include(c => c.Questions.Where(q => q.Active)).Where(c => c.CommuneId == Commune.Id && c.Active).ToListAsync(ct)).InOrder(lang);
        Districts = (await db.Districts.AsNoTracking().Where(d => d.CommuneId == Commune.Id && d.Active).ToListAsync(ct)).InOrder(lang);
    }

    public sealed class FileInput
    {
        public ComplaintKind Kind { get; set; } = ComplaintKind.Complaint;
        public string? Category { get; set; }
        public string? District { get; set; }
        public string? Description { get; set; }
        public string? Address { get; set; }
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public bool ConsentToPublish { get; set; }
    }
}
