using System.Globalization;
using Complaints.Web.Files;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Questions;
using Complaints.Web.Receipts;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// A clerk files for a citizen who came to the counter, phoned or wrote, with the same filing
// service as the citizen's form, and hands over a receipt in the citizen's language.
public class IntakeModel(AppDbContext db, ComplaintFiling filing, AccessCodeKey codes, AuditLog audit, PdfPrinter printer, ViewRenderer renderer,
    IFileStore files, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string AccessCodeKey = "IntakeAccessCode";
    public static readonly Channel[] Channels = [Channel.Counter, Channel.Phone, Channel.Letter];

    public StaffScope Scope { get; private set; } = null!;
    public Commune? Commune { get; private set; }
    public List<Commune> Communes { get; private set; } = [];
    public List<Category> Categories { get; private set; } = [];
    public List<District> Districts { get; private set; } = [];
    public QuestionsForm Questions { get; private set; } = new();
    public ReceiptView? Receipt { get; private set; }
    public string? PdfError { get; private set; }
    // Browsers cannot refill a file input: after an error the clerk chooses the scans again.
    public bool ScansLost { get; private set; }

    [BindProperty]
    public IntakeInput Input { get; set; } = new();

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync(string? commune, string? reference, CancellationToken ct)
    {
        if (!Allowed())
            return StatusCode(StatusCodes.Status403Forbidden);
        if (reference is not null)
        {
            var complaint = await FindAsync(reference, ct);
            if (complaint is null)
                return NotFound();
            // Shown once, right after filing, for the clerk to hand over; never stored in clear.
            Code = TempData[AccessCodeKey] as string;
            Receipt = ReceiptView.For(complaint, complaint.Language, Code, SiteUrl());
            return Page();
        }
        await LoadAsync(commune, ct);
        Questions = QuestionsForm.Read(Categories, null, null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? commune, List<IFormFile>? scans, CancellationToken ct)
    {
        if (!Allowed())
            return StatusCode(StatusCodes.Status403Forbidden);
        if (!await LoadAsync(commune, ct))
            return NotFound();
        Questions = QuestionsForm.Read(Categories, Input.Category, Request.Form);
        var request = new FilingRequest
        {
            Kind = Input.Kind,
            Channel = Input.Channel,
            CategoryCode = Input.Category,
            DistrictCode = Input.District,
            Description = Input.Description,
            Address = Input.Address,
            FirstName = Input.FirstName,
            LastName = Input.LastName,
            Email = Input.Email,
            Phone = Input.Phone,
            ConsentToPublish = Input.ConsentToPublish,
            Language = Localization.Supported(Input.Language),
            Uploads = (scans ?? []).Select(f => new Upload(f.FileName, f.Length, f.OpenReadStream)).ToList(),
            Answers = Questions.Answers(),
        };
        if (!Channels.Contains(Input.Channel))
            ModelState.AddModelError("Input.Channel", l["error.channel.intake"]);
        if (ModelState.IsValid)
        {
            var (filed, errors) = await filing.FileAsync(Commune!, request, Scope.Email, ct);
            if (filed is not null)
            {
                await audit.RecordNowAsync(Scope, AuditActions.Intake, Commune!.Id, filed.Complaint.Id, request.Channel.Wire());
                TempData[AccessCodeKey] = filed.AccessCode;
                return Redirect($"/staff/intake?reference={filed.Complaint.Reference}");
            }
            foreach (var (field, key) in errors.Where(e => !e.Key.StartsWith(QuestionRules.AnswerPrefix, StringComparison.Ordinal)))
                ModelState.AddModelError(field == "Photos" ? "scans" : $"Input.{field}", l[key]);
            Questions.AddErrors(ModelState, errors, l, Localization.Current);
        }
        ScansLost = request.Uploads.Any(u => u.Length > 0);
        return Page();
    }

    // The receipt as a PDF, in the citizen's language, with the code if the clerk still has it.
    public async Task<IActionResult> OnPostPdfAsync(string reference, CancellationToken ct)
    {
        if (!Allowed())
            return StatusCode(StatusCodes.Status403Forbidden);
        var complaint = await FindAsync(reference, ct);
        if (complaint is null)
            return NotFound();
        var code = Code is not null && codes.Verify(Code, complaint.AccessCodeHash) ? Code.Trim().ToUpperInvariant() : null;
        Code = code;
        Receipt = ReceiptView.For(complaint, complaint.Language, code, SiteUrl());
        var printed = Receipt with { LogoUrl = await CommuneLogo.InlineAsync(files, complaint.Commune!, ct) };
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string html;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(complaint.Language);
            html = await renderer.RenderAsync(HttpContext, "/Pages/Shared/_ReceiptPdf.cshtml", printed);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
        var print = await printer.PrintAsync(html, ct);
        if (print.Pdf is not { } pdf)
        {
            PdfError = print.Explain(Response, l, "receipt.pdf.unavailable");
            return Page();
        }
        return File(pdf, "application/pdf", $"{complaint.Reference}.pdf");
    }

    bool Allowed()
    {
        Scope = StaffScope.From(User)!;
        return Scope.MayFile;
    }

    async Task<Complaint?> FindAsync(string reference, CancellationToken ct)
    {
        var normalized = ComplaintReference.Normalize(reference);
        var complaint = await Scope.Visible(db.Complaints.AsNoTracking()).AsSplitQuery()
            .Include(c => c.Commune).Include(c => c.Category).Include(c => c.District).Include(c => c.Attachments)
            .SingleOrDefaultAsync(c => c.Reference == normalized, ct);
        if (complaint is null)
            await ReachRefusals.ComplaintAsync(HttpContext, Scope, reference, ct);
        return complaint;
    }

    // A commune's clerk files for their commune; a platform administrator first picks one.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        if (Scope.IsPlatformAdmin)
        {
            // An inactive commune takes no filing: it is not offered.
            Communes = await db.Communes.AsNoTracking().Where(c => c.Active).OrderBy(c => c.Code).ToListAsync(ct);
            Commune = Communes.FirstOrDefault(c => c.Code == code);
        }
        else
        {
            Commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Scope.CommuneId, ct);
        }
        if (Commune is null)
            return false;
        var lang = Localization.Current;
        Categories = (await db.Categories.AsNoTracking().Include(c => c.Questions.Where(q => q.Active)).Where(c => c.CommuneId == Commune.Id && c.Active).ToListAsync(ct)).InOrder(lang);
        Districts = (await db.Districts.AsNoTracking().Where(d => d.CommuneId == Commune.Id && d.Active).ToListAsync(ct)).InOrder(lang);
        return true;
    }

    string SiteUrl() => $"{Request.Scheme}://{Request.Host}";

    public sealed class IntakeInput
    {
        public Channel Channel { get; set; } = Channel.Counter;
        public ComplaintKind Kind { get; set; } = ComplaintKind.Complaint;
        public string? Category { get; set; }
        public string? District { get; set; }
        public string? Description { get; set; }
        public string? Address { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string Language { get; set; } = "fr";
        public bool ConsentToPublish { get; set; }
    }
}
