using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages;

// A citizen follows a complaint with its reference and access code: no account needed.
[EnableRateLimiting(RateLimits.Tracking)]
public class TrackModel(AppDbContext db, CitizenAccess access, CitizenActions actions, IFileStore files, TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const string SentKey = "CitizenInformationSent";
    public const string RatedKey = "CitizenRated";
    public const string ContestedKey = "CitizenContested";
    public const string RightsKey = "CitizenRightsRequested";

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

    // The answer still stands (not being treated again): the citizen may say what they think of it (Complaint.MayRate).
    public bool MayRate => Complaint is { MayRate: true };
    public bool MayContest => Complaint is { } c && c.MayContest(Today, c.Commune!.ContestDays);
    public DateOnly? ContestLastDay => Complaint?.ContestLastDay(Complaint.Commune!.ContestDays);
    // The answer stands but the days to contest it are over.
    public bool ContestEnded => Complaint is { ResponseStands: true } && !MayContest;

    // The citizen's word on the definitive response: satisfied or not, and why if they wish.
    [BindProperty]
    public bool? Satisfied { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    // Why the citizen contests the definitive response.
    [BindProperty]
    public string? ContestReason { get; set; }

    // What the citizen asks of their personal data (loi 09-08), and what to correct.
    [BindProperty]
    public RightsKind? RightsKind { get; set; }

    [BindProperty]
    public string? RightsText { get; set; }

    public List<RightsRequest> RightsRequests { get; private set; } = [];
    public bool RightsSent { get; private set; }

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
        RightsSent = TempData[RightsKey] is true;
        return Page();
    }

    // A follow-up (a named handler) is about the complaint in the address; only the search form posts to /track itself.
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod?.Name is not null && string.IsNullOrEmpty(RouteData.Values["reference"] as string))
            context.Result = NotFound();
    }

    public async Task<IActionResult> OnPostInformationAsync(string reference, CancellationToken ct) =>
        await AfterAsync(reference, await actions.AddInformationAsync(reference, Information, ct), CitizenActions.InformationField, SentKey, "", ct);

    public async Task<IActionResult> OnPostRateAsync(string reference, CancellationToken ct) =>
        await AfterAsync(reference, await actions.RateAsync(reference, Satisfied, Comment, ct), CitizenActions.SatisfiedField, RatedKey, "#satisfaction", ct);

    public async Task<IActionResult> OnPostContestAsync(string reference, CancellationToken ct) =>
        await AfterAsync(reference, await actions.ContestAsync(reference, ContestReason, ct), CitizenActions.ContestField, ContestedKey, "#contested", ct);

    public async Task<IActionResult> OnPostRightsAsync(string reference, CancellationToken ct) =>
        await AfterAsync(reference, await actions.RequestRightsAsync(reference, RightsKind, RightsText, ct), CitizenActions.RightsKindField, RightsKey, "#rights", ct);

    // A move's outcome as the page shows it: done, the page again with what was typed and why it was not taken, or nothing there.
    async Task<IActionResult> AfterAsync(string reference, MoveResult result, string field, string doneKey, string anchor, CancellationToken ct)
    {
        switch (result)
        {
            case MoveResult.Done done:
                TempData[doneKey] = true;
                return Redirect($"/track/{done.Complaint.Reference}{anchor}");
            case MoveResult.Invalid invalid:
                foreach (var (name, key) in invalid.Errors)
                {
                    // A value no form sends failed binding already: one plain message instead.
                    ModelState.Remove(name);
                    ModelState.AddModelError(name, l[key]);
                }
                break;
            case MoveResult.Refused refused:
                var last = refused.Current.ContestLastDay(refused.Current.Commune!.ContestDays);
                Refusal = string.Format(l[refused.Reason], last is { } day ? Display.Date(day) : "");
                break;
            case MoveResult.Stale:
                ModelState.AddModelError(field, l["error.citizen.retry"]);
                break;
            default:
                return NotFound();
        }
        return await AgainAsync(reference, ct);
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
        // Only the services a message names, and no statement when none does (most complaints, until a service answers).
        var named = Messages.Where(m => m.ServiceId is not null).Select(m => m.ServiceId!.Value).Distinct().ToList();
        Services = named.Count == 0 ? [] : await db.Services.AsNoTracking()
            .Where(s => s.CommuneId == complaint.CommuneId && named.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        RightsRequests = await db.RightsRequests.AsNoTracking().Where(r => r.ComplaintId == complaint.Id)
            .OrderByDescending(r => r.RequestedAt).ToListAsync(ct);
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

    public async Task<IActionResult> OnGetAttachmentAsync(string? reference, long id, CancellationToken ct)
    {
        // A blank reference in the address binds as none: nothing to look up.
        var complaint = reference is null ? null : await LoadAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return NotFound();
        var attachment = complaint.Attachments.SingleOrDefault(a => a.Id == id);
        var stream = attachment is null ? null : await files.OpenAsync(attachment.StorageKey, ct);
        if (stream is null)
            return NotFound();
        return File(stream, attachment!.ContentType, attachment.FileName);
    }

    Task<Complaint?> LoadAsync(string reference, CancellationToken ct)
    {
        // Normalised before the query: a call inside it is compiled into a delegate on every request.
        var normalized = ComplaintReference.Normalize(reference);
        return db.Complaints.AsNoTracking().AsSplitQuery()
            .Include(c => c.Commune).Include(c => c.Category).Include(c => c.District).Include(c => c.Service)
            .Include(c => c.Attachments).Include(c => c.Timeline).Include(c => c.Answers)
            .SingleOrDefaultAsync(c => c.Reference == normalized, ct);
    }
}
