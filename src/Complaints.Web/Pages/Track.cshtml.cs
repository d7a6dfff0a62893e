using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages;

// A citizen follows a complaint with its reference and access code: no account needed.
[EnableRateLimiting(RateLimits.CitizenWrites)]
public class TrackModel(AppDbContext db, CitizenAccess access, IFileStore files, TimeProvider clock, ComplaintClock deadlines, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string SentKey = "CitizenInformationSent";

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public Complaint? Complaint { get; private set; }
    public List<TimelineEntry> Messages { get; private set; } = [];
    public Dictionary<int, Service> Services { get; private set; } = [];
    public bool Sent { get; private set; }
    public DateOnly Today => LegalDeadlines.Today(clock);

    // The citizen's answer to a question of the commune, or anything they want to add.
    [BindProperty]
    public string? Information { get; set; }

    public async Task<IActionResult> OnGetAsync(string? reference, CancellationToken ct)
    {
        Reference = reference;
        if (reference is null)
            return Page();
        var complaint = await LoadAsync(reference, ct);
        if (complaint is not null && access.IsGranted(complaint))
            await ShowAsync(complaint, ct);
        Sent = TempData[SentKey] is true;
        return Page();
    }

    public async Task<IActionResult> OnPostInformationAsync(string reference, CancellationToken ct)
    {
        var complaint = await db.Complaints.Include(c => c.Timeline)
            .SingleOrDefaultAsync(c => c.Reference == reference.Trim().ToUpperInvariant(), ct);
        if (complaint is null || !access.IsGranted(complaint))
            return NotFound();
        var text = Information?.Trim() ?? "";
        if (text.Length == 0)
            ModelState.AddModelError(nameof(Information), l["error.text.required"]);
        else if (text.Length > Limits.DescriptionMax)
            ModelState.AddModelError(nameof(Information), l["error.text.long"]);
        else if (complaint.CitizenMayAddInformation)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            complaint.AddCitizenInformation(text, now);
            await deadlines.ResumeAsync(complaint, now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                TempData[SentKey] = true;
                return Redirect($"/track/{complaint.Reference}");
            }
            catch (DbUpdateConcurrencyException)
            {
                // Staff acted at the same moment: the citizen's text is kept and they send it again.
                ModelState.AddModelError(nameof(Information), l["error.citizen.retry"]);
            }
        }
        db.ChangeTracker.Clear();
        Reference = reference;
        await ShowAsync((await LoadAsync(reference, ct))!, ct);
        return Page();
    }

    async Task ShowAsync(Complaint complaint, CancellationToken ct)
    {
        Complaint = complaint;
        Messages = complaint.Timeline.Where(t => t.VisibleToCitizen).OrderByDescending(t => t.At).ThenByDescending(t => t.Id).ToList();
        Services = await db.Services.AsNoTracking().Where(s => s.CommuneId == complaint.CommuneId).ToDictionaryAsync(s => s.Id, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reference))
            ModelState.AddModelError(nameof(Reference), l["error.reference.required"]);
        if (string.IsNullOrWhiteSpace(Code))
            ModelState.AddModelError(nameof(Code), l["error.code.required"]);
        if (!ModelState.IsValid)
            return Page();
        var complaint = await access.VerifyAsync(Reference, Code, ct);
        if (complaint is null)
        {
            // One message for both cases: the page does not reveal which references exist.
            ModelState.AddModelError(nameof(Code), l["error.code.wrong"]);
            Code = null;
            return Page();
        }
        access.Remember(complaint);
        return Redirect($"/track/{complaint.Reference}");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(string reference, long id, CancellationToken ct)
    {
        var complaint = await LoadAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return NotFound();
        var attachment = complaint.Attachments.SingleOrDefault(a => a.Id == id);
        var stream = attachment is null ? null : await files.OpenAsync(attachment.StorageKey, ct);
        if (stream is null)
            return NotFound();
        return File(stream, attachment!.ContentType, attachment.FileName);
    }

    Task<Complaint?> LoadAsync(string reference, CancellationToken ct) =>
        db.Complaints.AsNoTracking().AsSplitQuery()
            .Include(c => c.Commune).Include(c => c.Category).Include(c => c.District).Include(c => c.Service)
            .Include(c => c.Attachments).Include(c => c.Timeline)
            .SingleOrDefaultAsync(c => c.Reference == reference.Trim().ToUpperInvariant(), ct);
}
