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

    public TrackedComplaint? Complaint { get; private set; }
    public List<AttachmentLink> Attachments { get; private set; } = [];
    public List<ComplaintAnswer> Answers { get; private set; } = [];
    public bool Sent { get; private set; }
    public bool Rated { get; private set; }
    public bool Contested { get; private set; }
    // Set when the citizen asked for something no longer possible: the page says why.
    public string? Refusal { get; private set; }
    public DateOnly Today => LegalDeadlines.Today(clock);

    // The answer still stands (not being treated again): the citizen may say what they think of it (Complaint.MayRate).
    public bool MayRate => Complaint is { } c && Domain.Complaint.MayRateOn(c.Status, c.DefinitiveAt, c.RatedAt);
    public bool MayContest => Complaint is { } c && Domain.Complaint.MayContestOn(c.Status, c.DefinitiveAt, Today, c.ContestDays);
    public DateOnly? ContestLastDay => Complaint is { } c ? Domain.Complaint.ContestLastDayOf(c.DefinitiveAt, c.ContestDays) : null;
    // The answer stands but the days to contest it are over.
    public bool ContestEnded => Complaint is { } c && Domain.Complaint.IsSettled(c.Status) && !MayContest;

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
        await ShowAsync(reference, ct);
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
        Reference = reference;
        await ShowAsync(reference, ct);
        return Page();
    }

    // The complaint as the page shows it, only to the browser its code opened (checked here on every request). The
    // sections most complaints leave empty cost a statement only when they have something.
    async Task ShowAsync(string reference, CancellationToken ct)
    {
        // Normalised before the query: a call inside it is compiled into a delegate on every request.
        var complaint = await Tracked.For(db)(db, ComplaintReference.Normalize(reference), ct);
        if (complaint is null || !access.IsGranted(complaint.Id))
            return;
        Complaint = complaint;
        var id = complaint.Id;
        if (complaint.AttachmentCount > 0)
            Attachments = await db.Attachments.AsNoTracking().Where(a => a.ComplaintId == id).OrderBy(a => a.Id)
                .Select(a => new AttachmentLink(a.Id, a.FileName)).ToListAsync(ct);
        if (complaint.AnswerCount > 0)
            Answers = await db.ComplaintAnswers.AsNoTracking().Where(a => a.ComplaintId == id).OrderBy(a => a.Id).ToListAsync(ct);
        if (complaint.RightsCount > 0)
            RightsRequests = await db.RightsRequests.AsNoTracking().Where(r => r.ComplaintId == id)
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
        access.Remember(complaint.Id);
        return Redirect($"/track/{complaint.Reference}");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(string? reference, long id, CancellationToken ct)
    {
        // A blank reference in the address binds as none: nothing to look up.
        if (reference is null)
            return NotFound();
        var normalized = ComplaintReference.Normalize(reference);
        var found = await db.Complaints.AsNoTracking().Where(c => c.Reference == normalized)
            .Select(c => new { c.Id, File = c.Attachments.Where(a => a.Id == id).Select(a => new { a.StorageKey, a.ContentType, a.FileName }).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (found is null || !access.IsGranted(found.Id))
            return NotFound();
        var stream = found.File is null ? null : await files.OpenAsync(found.File.StorageKey, ct);
        if (stream is null)
            return NotFound();
        return File(stream, found.File!.ContentType, found.File.FileName);
    }

    // What the page shows of a complaint and nothing more (an allow-list: no complainant, no staff member, no code
    // hash, no internal note), in one statement with its messages and the services they name.
    public sealed record TrackedComplaint(
        long Id, int CommuneId, string Reference, ComplaintStatus Status, ComplaintKind Kind, DateTime FiledAt, DateOnly TransmissionDueOn,
        DateOnly ResponseDueOn, string Description, string? Address, DateTime? ClockPausedAt, RejectionReason? RejectionReason,
        bool AwaitingCitizen, DateTime? DefinitiveAt, bool? Satisfied, string? SatisfactionComment, DateTime? RatedAt, DateTime? AnonymizedAt,
        string CommuneCode, LocalizedText Commune, int ContestDays, LocalizedText Category, LocalizedText? Service, LocalizedText? District,
        List<Message> Messages, int AttachmentCount, int AnswerCount, int RightsCount)
    {
        public bool CitizenMayAddInformation => !Domain.Complaint.IsSettled(Status);
        public bool IsLateOn(DateOnly today) => Domain.Complaint.IsLate(Status, ResponseDueOn, today);
    }

    // A message the citizen may read, newest first, with the service it names if any.
    public sealed record Message(DateTime At, TimelineKind Kind, string? Text, int? ServiceCommuneId, string? ServiceFr, string? ServiceAr)
    {
        // Only a service of the complaint's own commune is named.
        public LocalizedText? ServiceOf(int communeId) => ServiceCommuneId == communeId ? new(ServiceFr!, ServiceAr!) : null;
    }

    public sealed record AttachmentLink(long Id, string FileName);

    // Compiled once per model (Data/PerModel.cs): translated once, not on every view of the page.
    static readonly PerModel<Func<AppDbContext, string, CancellationToken, Task<TrackedComplaint?>>> Tracked = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, string reference, CancellationToken ct) =>
            context.Complaints.AsNoTracking().Where(c => c.Reference == reference).Select(c => new TrackedComplaint(
                c.Id, c.CommuneId, c.Reference, c.Status, c.Kind, c.FiledAt, c.TransmissionDueOn,
                c.ResponseDueOn, c.Description, c.Address, c.ClockPausedAt, c.RejectionReason,
                c.AwaitingCitizen, c.DefinitiveAt, c.Satisfied, c.SatisfactionComment, c.RatedAt, c.AnonymizedAt,
                c.Commune!.Code, new LocalizedText(c.Commune.NameFr, c.Commune.NameAr), c.Commune.ContestDays,
                new LocalizedText(c.Category!.NameFr, c.Category.NameAr),
                c.Service == null ? null : new LocalizedText(c.Service.NameFr, c.Service.NameAr),
                c.District == null ? null : new LocalizedText(c.District.NameFr, c.District.NameAr),
                c.Timeline.Where(t => t.VisibleToCitizen).OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
                    // Scalar subqueries that name no column of the complaint: SQLite has no APPLY (LATERAL) for more.
                    .Select(t => new Message(t.At, t.Kind, t.Text,
                        context.Services.Where(s => s.Id == t.ServiceId).Select(s => (int?)s.CommuneId).FirstOrDefault(),
                        context.Services.Where(s => s.Id == t.ServiceId).Select(s => s.NameFr).FirstOrDefault(),
                        context.Services.Where(s => s.Id == t.ServiceId).Select(s => s.NameAr).FirstOrDefault()))
                    .ToList(),
                c.Attachments.Count, c.Answers.Count, context.RightsRequests.Count(r => r.ComplaintId == c.Id))).SingleOrDefault()));
}
