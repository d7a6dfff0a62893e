using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages;

// A citizen follows a complaint with its reference and access code: no account needed.
[EnableRateLimiting(RateLimits.CitizenWrites)]
public class TrackModel(AppDbContext db, CitizenAccess access, IFileStore files, TimeProvider clock, ComplaintClock deadlines, Notifier notifier,
    AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string SentKey = "CitizenInformationSent";
    public const string RatedKey = "CitizenRated";
    public const string ContestedKey = "CitizenContested";

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public Complaint? Complaint { get; private set; }
    public List<TimelineEntry> Messages { get; private set; } = [];
    public Dictionary<int, Service> Services { get; private set; } = [];
    public bool Sent { get; private set; }
    public bool Rated { get; private set; }
    public bool Contested { get; private set; }
    // Set when the citizen asked for something no longer possible: the page says why.
    public string? Refusal { get; private set; }
    public DateOnly Today => LegalDeadlines.Today(clock);

    // The answer still stands (not being treated again): the citizen may say what they think of it.
    public bool MayRate => Complaint is { MayRate: true } c && Answered(c);
    public bool MayContest => Complaint is { } c && c.MayContest(Today, c.Commune!.ContestDays);
    public DateOnly? ContestLastDay => Complaint?.ContestLastDay(Complaint.Commune!.ContestDays);
    // The answer stands but the days to contest it are over.
    public bool ContestEnded => Complaint is { } c && Answered(c) && !MayContest;

    // The citizen's word on the definitive response: satisfied or not, and why if they wish.
    [BindProperty]
    public bool? Satisfied { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    // Why the citizen contests the definitive response.
    [BindProperty]
    public string? ContestReason { get; set; }

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
        Rated = TempData[RatedKey] is true;
        Contested = TempData[ContestedKey] is true;
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
            await NotifyInformationAsync(complaint, text, ct);
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

    public async Task<IActionResult> OnPostRateAsync(string reference, CancellationToken ct)
    {
        var complaint = await TrackedAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return NotFound();
        var comment = Comment?.Trim();
        if (!complaint.MayRate || !Answered(complaint))
            Refusal = l["track.rate.refused"];
        else
        {
            if (Satisfied is null)
            {
                // Neither choice, or a value no form sends: the same plain words.
                ModelState.Remove(nameof(Satisfied));
                ModelState.AddModelError(nameof(Satisfied), l["error.rate.required"]);
            }
            if (comment?.Length > Limits.DescriptionMax)
                ModelState.AddModelError(nameof(Comment), l["error.text.long"]);
            if (ModelState.IsValid)
            {
                complaint.Rate(Satisfied!.Value, string.IsNullOrEmpty(comment) ? null : comment, clock.GetUtcNow().UtcDateTime);
                if (await SavedAsync(nameof(Satisfied), ct))
                {
                    TempData[RatedKey] = true;
                    return Redirect($"/track/{complaint.Reference}#satisfaction");
                }
            }
        }
        return await AgainAsync(reference, ct);
    }

    // The citizen contests the definitive response within the commune's period: an answer goes back to
    // its service, a rejection to the cell, and a new answer is owed within the full response duration.
    public async Task<IActionResult> OnPostContestAsync(string reference, CancellationToken ct)
    {
        var complaint = await TrackedAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return NotFound();
        var reason = ContestReason?.Trim() ?? "";
        var days = complaint.Commune!.ContestDays;
        if (!complaint.MayContest(Today, days))
            Refusal = complaint.ContestLastDay(days) is { } last && Answered(complaint)
                ? string.Format(l["track.contest.ended"], Display.Date(last))
                : l["track.contest.refused"];
        else if (reason.Length == 0)
            ModelState.AddModelError(nameof(ContestReason), l["error.contest.required"]);
        else if (reason.Length > Limits.DescriptionMax)
            ModelState.AddModelError(nameof(ContestReason), l["error.text.long"]);
        else
        {
            var now = clock.GetUtcNow().UtcDateTime;
            complaint.Contest(reason, now);
            await deadlines.RestartAsync(complaint, now, ct);
            audit.RecordCitizen(AuditActions.Contested, complaint.CommuneId, complaint.Id, complaint.Status.Wire());
            await NotifyContestAsync(complaint, reason, ct);
            if (await SavedAsync(nameof(ContestReason), ct))
            {
                TempData[ContestedKey] = true;
                return Redirect($"/track/{complaint.Reference}#contested");
            }
        }
        return await AgainAsync(reference, ct);
    }

    // Whoever holds the complaint hears the citizen answered: the service treating it, else the cell.
    async Task NotifyInformationAsync(Complaint c, string text, CancellationToken ct)
    {
        var staff = c.HoldingServiceId is { } serviceId
            ? await notifier.StaffEmailsAsync(c.CommuneId, Roles.ServiceAgent, serviceId, ct)
            : await notifier.StaffEmailsAsync(c.CommuneId, Roles.ComplaintsCell, null, ct);
        await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.CitizenInformation, staff, new Dictionary<string, string> { ["text"] = text }, ct);
    }

    // The citizen's acknowledgement with the new due date; the cell, and the service the answer goes back to.
    async Task NotifyContestAsync(Complaint c, string reason, CancellationToken ct)
    {
        await notifier.CitizenAsync(c, NotificationEvent.Reopened, reason, ct);
        var staff = await notifier.StaffEmailsAsync(c.CommuneId, Roles.ComplaintsCell, null, ct);
        if (c.HoldingServiceId is { } serviceId)
            staff.AddRange(await notifier.StaffEmailsAsync(c.CommuneId, Roles.ServiceAgent, serviceId, ct));
        await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.Contested, staff, new Dictionary<string, string> { ["text"] = reason }, ct);
    }

    static bool Answered(Complaint c) => c.Status is ComplaintStatus.Answered or ComplaintStatus.Rejected or ComplaintStatus.Closed;

    Task<Complaint?> TrackedAsync(string reference, CancellationToken ct) =>
        db.Complaints.Include(c => c.Timeline).Include(c => c.Commune).Include(c => c.Category)
            .SingleOrDefaultAsync(c => c.Reference == reference.Trim().ToUpperInvariant(), ct);

    async Task<bool> SavedAsync(string field, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Staff acted at the same moment: what the citizen typed is kept and they send it again.
            ModelState.AddModelError(field, l["error.citizen.retry"]);
            return false;
        }
    }

    // The page again, as it now is, with what the citizen typed and why it was not taken.
    async Task<IActionResult> AgainAsync(string reference, CancellationToken ct)
    {
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
