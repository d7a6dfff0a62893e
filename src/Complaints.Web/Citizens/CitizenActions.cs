using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Citizens;

// Every move a citizen makes on their complaint (adding information, rating the definitive response, contesting it),
// in the shape of the staff moves (ADR 0006): load, check the citizen opened it with its code, check the life cycle,
// validate, apply (the complaint moves its own clock), audit, notify and save in one unit of work. Field names in
// Invalid are the track page's.
public sealed class CitizenActions(AppDbContext db, CitizenAccess access, AuditLog audit, TimeProvider clock, ComplaintClock deadlines, Notifier notifier,
    NotificationTexts texts)
{
    public const string InformationField = "Information";
    public const string SatisfiedField = "Satisfied";
    public const string CommentField = "Comment";
    public const string ContestField = "ContestReason";
    public const string RightsKindField = "RightsKind";
    public const string RightsTextField = "RightsText";

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<MoveResult> AddInformationAsync(string reference, string? text, CancellationToken ct) =>
        ActAsync(reference, async c =>
        {
            if (!c.CitizenMayAddInformation)
                return new MoveResult.Refused(c, "track.information.refused");
            text = text?.Trim() ?? "";
            if (Text(text, InformationField, "error.text.required") is { } invalid)
                return invalid;
            c.AddCitizenInformation(text, Now, await deadlines.ForAsync(c, ct));
            audit.RecordCitizen(AuditActions.CitizenInformation, c.CommuneId, c.Id);
            // Whoever holds the complaint hears the citizen answered: the service treating it, else the cell.
            var staff = c.HoldingServiceId is { } serviceId
                ? await notifier.StaffEmailsAsync(c.CommuneId, Roles.ServiceAgent, serviceId, ct)
                : await notifier.StaffEmailsAsync(c.CommuneId, Roles.ComplaintsCell, null, ct);
            await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.CitizenInformation, staff, new Dictionary<string, string> { ["text"] = text }, ct);
            return null;
        }, ct);

    public Task<MoveResult> RateAsync(string reference, bool? satisfied, string? comment, CancellationToken ct) =>
        ActAsync(reference, c =>
        {
            if (!c.MayRate)
                return Task.FromResult<MoveResult?>(new MoveResult.Refused(c, "track.rate.refused"));
            comment = comment?.Trim();
            var errors = new Dictionary<string, string>();
            // Neither choice, or a value no form sends: the same plain words.
            if (satisfied is null)
                errors[SatisfiedField] = "error.rate.required";
            if (comment?.Length > Limits.DescriptionMax)
                errors[CommentField] = "error.text.long";
            if (errors.Count > 0)
                return Task.FromResult<MoveResult?>(new MoveResult.Invalid(errors));
            c.Rate(satisfied!.Value, string.IsNullOrEmpty(comment) ? null : comment, Now);
            audit.RecordCitizen(AuditActions.Rated, c.CommuneId, c.Id, satisfied.Value ? "satisfied" : "dissatisfied");
            return Task.FromResult<MoveResult?>(null);
        }, ct);

    // Within the commune's period an answer goes back to its service, a rejection to the cell, and a new answer is
    // owed within the full response duration.
    public Task<MoveResult> ContestAsync(string reference, string? reason, CancellationToken ct) =>
        ActAsync(reference, async c =>
        {
            var days = c.Commune!.ContestDays;
            if (!c.MayContest(LegalDeadlines.Today(clock), days))
                return new MoveResult.Refused(c, c.ResponseStands && c.ContestLastDay(days) is not null ? "track.contest.ended" : "track.contest.refused");
            reason = reason?.Trim() ?? "";
            if (Text(reason, ContestField, "error.contest.required") is { } invalid)
                return invalid;
            c.Contest(reason, Now, await deadlines.ForAsync(c, ct));
            audit.RecordCitizen(AuditActions.Contested, c.CommuneId, c.Id, c.Status.Wire());
            // The citizen's acknowledgement with the new due date; the cell, and the service the answer goes back to.
            await notifier.CitizenAsync(c, NotificationEvent.Reopened, reason, ct);
            var staff = await notifier.StaffEmailsAsync(c.CommuneId, Roles.ComplaintsCell, null, ct);
            if (c.HoldingServiceId is { } serviceId)
                staff.AddRange(await notifier.StaffEmailsAsync(c.CommuneId, Roles.ServiceAgent, serviceId, ct));
            await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.Contested, staff, new Dictionary<string, string> { ["text"] = reason }, ct);
            return null;
        }, ct);

    // Loi 09-08: to see, correct or erase their personal data. The commune's administrators hear of it and answer
    // within RightsRequest.ResponseDays; a correction says what to correct.
    public Task<MoveResult> RequestRightsAsync(string reference, RightsKind? kind, string? text, CancellationToken ct) =>
        ActAsync(reference, async c =>
        {
            if (c.AnonymizedAt is not null)
                return new MoveResult.Refused(c, "track.rights.anonymized");
            text = text?.Trim();
            if (kind is null)
                return new MoveResult.Invalid(new Dictionary<string, string> { [RightsKindField] = "error.rights.kind" });
            if (kind == RightsKind.Correct && string.IsNullOrEmpty(text))
                return new MoveResult.Invalid(new Dictionary<string, string> { [RightsTextField] = "error.rights.correct" });
            if (text?.Length > Limits.DescriptionMax)
                return new MoveResult.Invalid(new Dictionary<string, string> { [RightsTextField] = "error.text.long" });
            if (await db.RightsRequests.AnyAsync(r => r.ComplaintId == c.Id && r.Kind == kind && r.Status == RightsStatus.Open, ct))
                return new MoveResult.Refused(c, "track.rights.pending");
            var now = Now;
            var request = new RightsRequest
            {
                CommuneId = c.CommuneId, ComplaintId = c.Id, Kind = kind.Value, Text = string.IsNullOrEmpty(text) ? null : text,
                RequestedAt = now, DueOn = LegalDeadlines.LocalDate(now).AddDays(RightsRequest.ResponseDays), Status = RightsStatus.Open,
            };
            db.RightsRequests.Add(request);
            audit.RecordCitizen(AuditActions.RightsRequested, c.CommuneId, c.Id, kind.Value.ToString().ToLowerInvariant());
            var admins = await notifier.StaffEmailsAsync(c.CommuneId, Roles.CommuneAdmin, null, ct);
            await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.RightsRequested, admins,
                language => new Dictionary<string, string> { ["text"] = Summary(request, language) }, null, ct);
            return null;
        }, ct);

    // What the administrators read of a request, in one language of their bilingual mail.
    string Summary(RightsRequest request, string language) =>
        $"{texts.Text($"rights.kind.{request.Kind.ToString().ToLowerInvariant()}", language)} — "
        + string.Format(texts.Text("rights.due", language), Display.Date(request.DueOn))
        + (request.Text is null ? "" : $"\n\n{request.Text}");

    static MoveResult? Text(string text, string field, string requiredKey) =>
        text.Length == 0 ? new MoveResult.Invalid(new Dictionary<string, string> { [field] = requiredKey })
        : text.Length > Limits.DescriptionMax ? new MoveResult.Invalid(new Dictionary<string, string> { [field] = "error.text.long" })
        : null;

    Task<Complaint?> FindAsync(string reference, CancellationToken ct)
    {
        var normalized = ComplaintReference.Normalize(reference);
        return db.Complaints.Include(c => c.Timeline).Include(c => c.Commune).Include(c => c.Category)
            .SingleOrDefaultAsync(c => c.Reference == normalized, ct);
    }

    async Task<MoveResult> ActAsync(string reference, Func<Complaint, Task<MoveResult?>> apply, CancellationToken ct)
    {
        // Without the code opened in this browser, a complaint is not there: the answer does not reveal that it exists.
        var complaint = await FindAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return new MoveResult.NotFound();
        if (await apply(complaint) is { } refused)
            return refused;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Staff acted at the same moment: nothing was applied, and the citizen sends it again.
            db.ChangeTracker.Clear();
            var current = await FindAsync(reference, ct);
            return current is null ? new MoveResult.NotFound() : new MoveResult.Stale(current);
        }
        return new MoveResult.Done(complaint);
    }
}
