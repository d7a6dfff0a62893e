using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// Every staff move on a complaint, for the pages and the API alike: scope, role, life cycle,
// validation, optimistic concurrency and audit, in that order.
public sealed class ComplaintActions(AppDbContext db, AuditLog audit, TimeProvider clock, CitizenLetters letters, ComplaintClock deadlines, Notifier notifier,
    IFileStore files, VirusScan scan, IHttpContextAccessor http)
{
    public async Task<Complaint?> FindAsync(StaffScope scope, string? reference, CancellationToken ct)
    {
        // A route or form can bind a blank reference: no complaint has one.
        if (string.IsNullOrWhiteSpace(reference))
            return null;
        var normalized = ComplaintReference.Normalize(reference);
        var complaint = await scope.Visible(db.Complaints).AsSplitQuery()
            .Include(c => c.Commune).Include(c => c.Category).Include(c => c.District).Include(c => c.Service)
            .Include(c => c.Attachments).Include(c => c.Timeline).Include(c => c.Answers)
            .SingleOrDefaultAsync(c => c.Reference == normalized, ct);
        if (complaint is null)
            await ReachRefusals.ComplaintAsync(http.HttpContext, scope, reference, ct);
        return complaint;
    }

    public Task<MoveResult> QualifyAsync(StaffScope scope, string reference, int? version, bool admissible,
        string? categoryCode, string? reason, string? letter, CancellationToken ct) =>
        ActAsync(scope, reference, version, admissible ? Move.Assign : Move.Reject, async c =>
        {
            // Qualification is the first look at a new complaint; later routing is a plain assignment.
            if (c.Status != ComplaintStatus.Received)
                return new MoveResult.Illegal(admissible ? Move.Assign : Move.Reject, c.Status, scope.MovesOn(c));
            if (!admissible)
            {
                if (!RejectionReasons.TryParse(reason, out var why))
                    return Errors(("reason", reason is null ? "error.reason.required" : "error.reason.unknown"));
                if (letter?.Length > Limits.DescriptionMax)
                    return Errors(("letter", "error.text.long"));
                var text = string.IsNullOrWhiteSpace(letter) ? letters.Rejection(c, why) : letter.Trim();
                return c.Reject(why, text, scope.Email, Now);
            }
            if (!string.IsNullOrWhiteSpace(categoryCode))
            {
                var category = await db.Categories.SingleOrDefaultAsync(x => x.CommuneId == c.CommuneId && x.Code == categoryCode, ct);
                if (category is null)
                    return Errors(("category", "error.category.unknown"));
                if (!category.Active)
                    return Errors(("category", "error.category.inactive"));
                c.Recategorize(category, scope.Email, Now);
            }
            var routed = await db.Categories.Include(x => x.DefaultService).SingleAsync(x => x.Id == c.CategoryId, ct);
            // A complaint kept in a category deactivated since may find its default service deactivated too.
            if (!routed.DefaultService!.Active)
                return Errors(("category", "error.service.inactive"));
            return c.Assign(routed.DefaultService, null, scope.Email, Now);
        }, ct);

    public Task<MoveResult> AssignAsync(StaffScope scope, string reference, int? version, string? serviceCode, string? instructions, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.Assign, async c =>
        {
            var service = string.IsNullOrWhiteSpace(serviceCode) ? null
                : await db.Services.SingleOrDefaultAsync(s => s.CommuneId == c.CommuneId && s.Code == serviceCode, ct);
            if (service is null)
                return Errors(("service", string.IsNullOrWhiteSpace(serviceCode) ? "error.service.required" : "error.service.unknown"));
            if (!service.Active)
                return Errors(("service", "error.service.inactive"));
            if (instructions?.Length > Limits.DescriptionMax)
                return Errors(("instructions", "error.text.long"));
            return c.Assign(service, instructions?.Trim(), scope.Email, Now);
        }, ct);

    public Task<MoveResult> RecategorizeAsync(StaffScope scope, string reference, int? version, string? categoryCode, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.Recategorize, async c =>
        {
            var category = string.IsNullOrWhiteSpace(categoryCode) ? null
                : await db.Categories.SingleOrDefaultAsync(x => x.CommuneId == c.CommuneId && x.Code == categoryCode, ct);
            if (category is null)
                return Errors(("category", string.IsNullOrWhiteSpace(categoryCode) ? "error.category.required" : "error.category.unknown"));
            if (!category.Active)
                return Errors(("category", "error.category.inactive"));
            return c.Recategorize(category, scope.Email, Now);
        }, ct);

    public Task<MoveResult> StartAsync(StaffScope scope, string reference, int? version, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.StartProgress, c => Apply(() => c.StartProgress(scope.Email, Now)), ct);

    public Task<MoveResult> RespondAsync(StaffScope scope, string reference, int? version, string? text, bool definitive, CancellationToken ct) =>
        ActAsync(scope, reference, version, definitive ? Move.Answer : Move.Respond, c =>
            Text(text, "text") ?? Apply(() => c.Respond(text!.Trim(), definitive, scope.Email, Now)), ct);

    public Task<MoveResult> ProposeAsync(StaffScope scope, string reference, int? version, string? text, bool definitive, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.Propose, c =>
            Text(text, "text") ?? Apply(() => c.Propose(text!.Trim(), definitive, scope.Email, Now)), ct);

    public Task<MoveResult> RequestInformationAsync(StaffScope scope, string reference, int? version, string? question, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.RequestInformation, c =>
            Text(question, "text") ?? Apply(() => c.RequestInformation(question!.Trim(), scope.Email, Now)), ct);

    public Task<MoveResult> CloseAsync(StaffScope scope, string reference, int? version, string? reason, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.Close, c =>
            Text(reason, "reason") ?? Apply(() => c.Close(reason!.Trim(), scope.Email, Now)), ct);

    public Task<MoveResult> ReopenAsync(StaffScope scope, string reference, int? version, string? reason, CancellationToken ct) =>
        ActAsync(scope, reference, version, Move.Reopen, async c =>
        {
            if (Text(reason, "reason") is { } invalid)
                return await invalid;
            return c.Reopen(reason!.Trim(), scope.Email, Now, await deadlines.ForAsync(c, ct));
        }, ct);

    // Loi 09-08: the cell or an administrator corrects who complained and how to reach them (a citizen calls, a letter
    // comes); the audit row names the fields changed, never their values.
    public Task<MoveResult> CorrectContactAsync(StaffScope scope, string reference, int? version, Complainant corrected, CancellationToken ct) =>
        scope.MayFile
            ? ActAsync(scope, reference, version, null, c =>
            {
                if (c.AnonymizedAt is not null)
                    return Task.FromResult<Step>(Errors(("email", "error.attachments.anonymized")));
                if (corrected.Email is { } email && !FilingValidation.IsEmail(email))
                    return Task.FromResult<Step>(Errors(("email", "error.email.invalid")));
                if (corrected.Phone is { } phone && !FilingValidation.IsPhone(phone))
                    return Task.FromResult<Step>(Errors(("phone", "error.phone.invalid")));
                var changed = ContactFields.Changed(c.Complainant, corrected);
                if (changed.Count == 0)
                    return Task.FromResult<Step>((TimelineEntry?)null);
                audit.Record(scope, AuditActions.ContactCorrected, c.CommuneId, c.Id, string.Join(", ", changed));
                return Apply(() => c.CorrectContact(corrected, scope.Email, Now));
            }, ct, auditAction: null)
            : Task.FromResult<MoveResult>(new MoveResult.Forbidden());

    // Notes are not moves: allowed in every status to everyone who may write.
    public Task<MoveResult> NoteAsync(StaffScope scope, string reference, int? version, string? text, CancellationToken ct) =>
        ActAsync(scope, reference, version, null, c =>
            Text(text, "text") ?? Apply(() => c.AddNote(text!.Trim(), scope.Email, Now)), ct);

    // An attachment's file for a reader shown attachments (photos and scanned letters often show who complained),
    // each download written down; NotFound or Forbidden otherwise.
    public async Task<(OpenedAttachment? File, MoveResult? Refused)> OpenAttachmentAsync(StaffScope scope, string reference, long id,
        CancellationToken ct)
    {
        var complaint = await FindAsync(scope, reference, ct);
        if (complaint is null)
            return (null, new MoveResult.NotFound());
        var attachment = complaint.Attachments.SingleOrDefault(a => a.Id == id);
        if (attachment is null)
        {
            await ReachRefusals.AttachmentAsync(http.HttpContext, scope, id, ct);
            return (null, new MoveResult.NotFound());
        }
        if (!scope.Sees(PersonalField.Attachments))
            return (null, new MoveResult.Forbidden());
        if (await files.OpenAsync(attachment.StorageKey, ct) is not { } content)
            return (null, new MoveResult.NotFound());
        await audit.RecordNowAsync(scope, AuditActions.ReadPersonalData, complaint.CommuneId, complaint.Id, $"attachment {attachment.Id}");
        return (new OpenedAttachment(attachment.FileName, attachment.ContentType, content), null);
    }

    // Documents staff add (a scanned letter, a photo of the repair): the citizen's checks and cleaning, at most
    // Limits.MaxAttachmentsPerComplaint per complaint, a staff-only timeline entry each. Like a note, not a move.
    public async Task<(MoveResult Result, IReadOnlyList<Attachment> Added)> AttachAsync(StaffScope scope, string reference, int? version,
        IReadOnlyList<Upload> uploads, CancellationToken ct)
    {
        var added = new List<Attachment>();
        MoveResult result = new MoveResult.NotFound();
        try
        {
            result = await ActAsync(scope, reference, version, null, async c =>
            {
                // Past its retention, nothing personal comes back into a complaint.
                if (c.AnonymizedAt is not null)
                    return Errors(("file", "error.attachments.anonymized"));
                var errors = new FilingErrors();
                var accepted = await FilingValidation.CheckUploadsAsync(uploads, errors, scan, ct);
                if (errors.Any)
                    return Errors(("file", errors.Values.First()));
                if (accepted.Count == 0)
                    return Errors(("file", "error.file.required"));
                if (c.Attachments.Count + accepted.Count > Limits.MaxAttachmentsPerComplaint)
                    return Errors(("file", "error.attachments.full"));
                TimelineEntry? entry = null;
                foreach (var (upload, kind, bytes) in accepted)
                {
                    var attachment = await StoredAttachments.SaveAsync(files, c.Commune!.Code, c.Year, upload, kind, bytes, Now, ct);
                    added.Add(attachment);
                    entry = c.AttachByStaff(attachment, scope.Email, Now);
                }
                return entry;
            }, ct, AuditActions.DocumentAdded);
        }
        finally
        {
            // Files of a refused or failed upload are not kept.
            if (result is not MoveResult.Done)
                foreach (var attachment in added)
                    await files.DeleteAsync(attachment.StorageKey, CancellationToken.None);
        }
        return (result, added);
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    // The messages a move causes join its unit of work: saved with it, or not at all.
    // The citizen's message quotes what the commune wrote to them in the move's entry, if anything.
    async Task NotifyAsync(Complaint c, Move move, ComplaintStatus before, TimelineEntry? entry, CancellationToken ct)
    {
        if (Notifier.ForCitizen(move, before) is { } e)
        {
            var text = entry is { VisibleToCitizen: true } && PublicTimeline.Kinds.Contains(entry.Kind) ? entry.Text : null;
            await notifier.CitizenAsync(c, e, text, ct);
        }
        if (move == Move.Assign && c.ServiceId is { } serviceId)
            await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.Assigned,
                await notifier.StaffEmailsAsync(c.CommuneId, Roles.ServiceAgent, serviceId, ct), null, ct);
    }

    // What applying a move gave: the entry it wrote, or why nothing was applied.
    readonly record struct Step(TimelineEntry? Entry, MoveResult? Refused)
    {
        public static implicit operator Step(MoveResult refused) => new(null, refused);
        public static implicit operator Step(TimelineEntry? entry) => new(entry, null);
    }

    static Task<Step> Apply(Func<TimelineEntry> move) => Task.FromResult<Step>(move());

    static Task<Step>? Text(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? Task.FromResult<Step>(Errors((field, "error.text.required")))
        : text.Trim().Length > Limits.DescriptionMax ? Task.FromResult<Step>(Errors((field, "error.text.long")))
        : null;

    static MoveResult Errors(params (string Field, string Key)[] errors) =>
        new MoveResult.Invalid(errors.ToDictionary(e => e.Field, e => e.Key));

    async Task<MoveResult> ActAsync(StaffScope scope, string reference, int? version, Move? move,
        Func<Complaint, Task<Step>> apply, CancellationToken ct, string? auditAction = AuditActions.Note)
    {
        var complaint = await FindAsync(scope, reference, ct);
        if (complaint is null)
            return new MoveResult.NotFound();
        if (move is { } m ? !scope.May(m) : !scope.MayNote)
            return new MoveResult.Forbidden();
        if (version is { } v && v != complaint.Version)
            return new MoveResult.Stale(complaint);
        if (move is { } wanted && !complaint.Allows(wanted))
            return new MoveResult.Illegal(wanted, complaint.Status, scope.MovesOn(complaint));
        var before = complaint.Status;
        var step = await apply(complaint);
        if (step.Refused is { } refused)
            return refused;
        if (move is { } applied)
            await NotifyAsync(complaint, applied, before, step.Entry, ct);
        // A null action: the step wrote its own audit row, with details.
        if (move is not null || auditAction is not null)
            audit.Record(scope, move is { } done ? AuditActions.For(done) : auditAction!, complaint.CommuneId, complaint.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else's move landed between our read and our write: apply nothing twice.
            db.ChangeTracker.Clear();
            var current = await FindAsync(scope, reference, ct);
            return current is null ? new MoveResult.NotFound() : new MoveResult.Stale(current);
        }
        return new MoveResult.Done(complaint);
    }
}

public sealed record OpenedAttachment(string FileName, string ContentType, Stream Content);
