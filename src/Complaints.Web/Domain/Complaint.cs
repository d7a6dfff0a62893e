using System.Linq.Expressions;
using Complaints.Web.Deadlines;

namespace Complaints.Web.Domain;

// One submission of a citizen and its whole life. Status changes only through the guarded
// moves below, each of which writes a timeline entry (who, when, why).
public class Complaint
{
    public long Id { get; set; }
    public int CommuneId { get; private set; }
    public Commune? Commune { get; private set; }
    // e.g. SEF-2026-000042: unique per commune and year, given at once (décret 2-17-265, loi 55-19).
    public string Reference { get; private set; } = "";
    public int Year { get; private set; }
    public int Number { get; private set; }
    public ComplaintKind Kind { get; private set; }
    public Channel Channel { get; private set; }
    public int CategoryId { get; private set; }
    public Category? Category { get; private set; }
    public int? DistrictId { get; private set; }
    public District? District { get; private set; }
    public string Description { get; private set; } = "";
    public string? Address { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public Complainant Complainant { get; private set; } = new();
    public bool ConsentToPublish { get; private set; }
    public string AccessCodeHash { get; private set; } = "";
    // The language the citizen filed in: every message to them uses it.
    public string Language { get; private set; } = "fr";
    public DateTime FiledAt { get; private set; }
    public DateOnly TransmissionDueOn { get; private set; }
    public DateOnly ResponseDueOn { get; private set; }
    public ComplaintStatus Status { get; private set; } = ComplaintStatus.Received;
    public int? ServiceId { get; private set; }
    public Service? Service { get; private set; }
    public RejectionReason? RejectionReason { get; private set; }
    // Set while the commune waits for the citizen's answer to a question.
    public bool AwaitingCitizen { get; private set; }
    // While the commune waits for the citizen the legal clock stands still (since this instant).
    public DateTime? ClockPausedAt { get; private set; }
    // When the latest definitive response (an answer or a reasoned rejection) reached the citizen.
    public DateTime? DefinitiveAt { get; private set; }
    // Set when a late complaint was raised to the cell and the commune administrators.
    public DateTime? EscalatedAt { get; private set; }
    // Kept for the figures (Statistics/): how often it was reopened or contested, and how its latest
    // definitive response stood against the legal clock, in Moroccan calendar days from filing.
    public int ReopenCount { get; private set; }
    public int? DaysToDefinitive { get; private set; }
    public bool? DefinitiveWithinDeadline { get; private set; }
    // The citizen's word on the definitive response.
    public bool? Satisfied { get; private set; }
    public string? SatisfactionComment { get; private set; }
    public DateTime? RatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    // Folded copies for the staff search (SearchTerms): what anyone may search, and who complained.
    public string SearchText { get; private set; } = "";
    public string? SearchPersonal { get; private set; }
    // When its personal data was anonymised at the end of the commune's retention (loi 09-08); the figures stay.
    public DateTime? AnonymizedAt { get; private set; }
    // Optimistic concurrency: two people acting at once cannot both apply a move.
    public int Version { get; private set; }

    public List<Attachment> Attachments { get; private set; } = [];
    public List<TimelineEntry> Timeline { get; private set; } = [];
    // The answers to the category's extra questions, given at filing.
    public List<ComplaintAnswer> Answers { get; private set; } = [];

    // For EF Core; a complaint comes into being only by being filed.
    private Complaint() { }

    // Filing: the due dates follow from the clock the complaint's category counts by, from the instant of filing.
    // The reference comes with the number (Numbered), inside the transaction that takes it.
    public static Complaint File(Commune commune, Category category, District? district, Submission submission,
        string accessCodeHash, string actor, DateTime at, LegalClock clock)
    {
        if (category.CommuneId != commune.Id || district is not null && district.CommuneId != commune.Id)
            throw new ArgumentException("The category and district must belong to the commune.");
        var due = clock.OnFiling(at);
        var complaint = new Complaint
        {
            CommuneId = commune.Id,
            Kind = submission.Kind,
            Channel = submission.Channel,
            CategoryId = category.Id,
            DistrictId = district?.Id,
            Description = submission.Description,
            Address = submission.Address,
            Latitude = submission.Latitude,
            Longitude = submission.Longitude,
            Complainant = submission.Complainant,
            ConsentToPublish = submission.ConsentToPublish,
            AccessCodeHash = accessCodeHash,
            Language = submission.Language,
            FiledAt = at,
            Year = LegalDeadlines.LocalDate(at).Year,
            TransmissionDueOn = due.Transmission,
            ResponseDueOn = due.Response,
        };
        complaint.Answers.AddRange(submission.Answers ?? []);
        complaint.Record(at, actor, TimelineKind.Filed, null, visibleToCitizen: true);
        return complaint;
    }

    // The commune's next number of the filing year gives the reference, e.g. SEF-2026-000042.
    public void Numbered(string referencePrefix, int number)
    {
        Number = number;
        Reference = $"{referencePrefix}-{Year}-{number:D6}";
        RefreshSearch();
    }

    static readonly Dictionary<ComplaintStatus, Move[]> Allowed = new()
    {
        [ComplaintStatus.Received] = [Move.Reject, Move.Assign, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.Assigned] = [Move.Assign, Move.StartProgress, Move.Respond, Move.Answer, Move.Propose, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.InProgress] = [Move.Assign, Move.Respond, Move.Answer, Move.Propose, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.Answered] = [Move.Close, Move.Reopen],
        [ComplaintStatus.Rejected] = [Move.Close, Move.Reopen],
        [ComplaintStatus.Closed] = [Move.Reopen],
        [ComplaintStatus.Reopened] = [Move.Assign, Move.Recategorize, Move.RequestInformation],
    };

    public void RefreshSearch()
    {
        SearchText = SearchTerms.Fold($"{Reference} {Description} {Address}");
        var personal = SearchTerms.Fold($"{Complainant.FirstName} {Complainant.LastName} {Complainant.Email} {Complainant.Phone}");
        SearchPersonal = personal.Length == 0 ? null : personal;
    }

    public static IReadOnlyList<Move> AllowedMovesFrom(ComplaintStatus status) => Array.AsReadOnly(Allowed[status]);

    public IReadOnlyList<Move> AllowedMoves => AllowedMovesFrom(Status);

    // A definitive response stands (an answer, closed after it, or a reasoned rejection): nothing more is owed.
    public static readonly ComplaintStatus[] Settled = [ComplaintStatus.Answered, ComplaintStatus.Closed, ComplaintStatus.Rejected];

    public static bool IsSettled(ComplaintStatus status) => Settled.Contains(status);

    // Late: still owed a definitive response after its due date. One rule for the inbox, the screens, /track, the API,
    // the dashboard and the figures; the deadline watch escalates the same complaints except those waiting for the
    // citizen. LateOn is its query form, IsLate its form for a complaint in hand: tests hold them equal on both databases.
    public static Expression<Func<Complaint, bool>> LateOn(DateOnly today) =>
        c => !Settled.Contains(c.Status) && c.ResponseDueOn < today;

    public static Expression<Func<Complaint, bool>> NotLateOn(DateOnly today)
    {
        var late = LateOn(today);
        return Expression.Lambda<Func<Complaint, bool>>(Expression.Not(late.Body), late.Parameters);
    }

    public static bool IsLate(ComplaintStatus status, DateOnly responseDueOn, DateOnly today) => !IsSettled(status) && responseDueOn < today;

    public bool IsLateOn(DateOnly today) => IsLate(Status, ResponseDueOn, today);

    // Who holds it now: the service while it is assigned or in progress there, else (null) the complaints cell.
    public int? HoldingServiceId => Status is ComplaintStatus.Assigned or ComplaintStatus.InProgress ? ServiceId : null;

    public bool Allows(Move move) => Allowed[Status].Contains(move);

    public TimelineEntry Reject(RejectionReason reason, string explanation, string actor, DateTime at)
    {
        Guard(Move.Reject);
        Status = ComplaintStatus.Rejected;
        RejectionReason = reason;
        Definitive(at);
        return Record(at, actor, TimelineKind.Rejected, explanation, visibleToCitizen: true);
    }

    // The entry returned is the one the citizen reads (the service's name); instructions stay with staff.
    public TimelineEntry Assign(Service service, string? instructions, string actor, DateTime at)
    {
        Guard(Move.Assign);
        if (service.CommuneId != CommuneId)
            throw new ArgumentException("The service belongs to another commune.", nameof(service));
        Status = ComplaintStatus.Assigned;
        ServiceId = service.Id;
        Service = service;
        var assigned = Record(at, actor, TimelineKind.Assigned, service.NameFr, visibleToCitizen: true, service.Id);
        if (!string.IsNullOrWhiteSpace(instructions))
            Record(at, actor, TimelineKind.Instructions, instructions, visibleToCitizen: false);
        return assigned;
    }

    public TimelineEntry StartProgress(string actor, DateTime at)
    {
        Guard(Move.StartProgress);
        Status = ComplaintStatus.InProgress;
        return Record(at, actor, TimelineKind.Started, null, visibleToCitizen: true);
    }

    // A message to the citizen; a definitive one answers the complaint.
    public TimelineEntry Respond(string text, bool definitive, string actor, DateTime at)
    {
        Guard(definitive ? Move.Answer : Move.Respond);
        Status = definitive ? ComplaintStatus.Answered : ComplaintStatus.InProgress;
        if (definitive)
            Definitive(at);
        return Record(at, actor, definitive ? TimelineKind.Answer : TimelineKind.Response, text, visibleToCitizen: true);
    }

    public TimelineEntry Close(string reason, string actor, DateTime at)
    {
        Guard(Move.Close);
        Status = ComplaintStatus.Closed;
        return Record(at, actor, TimelineKind.Closed, reason, visibleToCitizen: true);
    }

    // A reopened complaint is owed a new answer: its response clock starts again from now.
    public TimelineEntry Reopen(string reason, string actor, DateTime at, LegalClock clock)
    {
        Guard(Move.Reopen);
        Status = ComplaintStatus.Reopened;
        ReopenCount++;
        // A contested rejection no longer stands; the timeline keeps it.
        RejectionReason = null;
        EscalatedAt = null;
        ResponseDueOn = clock.ResponseDueFrom(at);
        return Record(at, actor, TimelineKind.Reopened, reason, visibleToCitizen: true);
    }

    // The cell corrects the citizen's choice; routing follows the new category. Null when it was already that one.
    public TimelineEntry? Recategorize(Category category, string actor, DateTime at)
    {
        Guard(Move.Recategorize);
        if (category.CommuneId != CommuneId)
            throw new ArgumentException("The category belongs to another commune.", nameof(category));
        if (category.Id == CategoryId)
            return null;
        var previous = Category?.NameFr;
        CategoryId = category.Id;
        Category = category;
        return Record(at, actor, TimelineKind.Recategorized, previous is null ? category.NameFr : $"{previous} → {category.NameFr}", visibleToCitizen: false);
    }

    // The question goes to the citizen; while it waits, the answer is theirs to give and the legal clock stands still.
    public TimelineEntry RequestInformation(string question, string actor, DateTime at)
    {
        Guard(Move.RequestInformation);
        AwaitingCitizen = true;
        var asked = Record(at, actor, TimelineKind.InformationRequested, question, visibleToCitizen: true);
        if (ClockPausedAt is null)
        {
            ClockPausedAt = at;
            Record(at, actor, TimelineKind.ClockPaused, null, visibleToCitizen: true);
        }
        return asked;
    }

    // The citizen may rate each definitive response once, while it stands (not while it is being treated again).
    public bool MayRate => MayRateOn(Status, DefinitiveAt, RatedAt);

    // The same rule on the few fields a read-only view of the complaint carries.
    public static bool MayRateOn(ComplaintStatus status, DateTime? definitiveAt, DateTime? ratedAt) =>
        IsSettled(status) && definitiveAt is { } answered && (ratedAt is null || ratedAt < answered);

    public TimelineEntry Rate(bool satisfied, string? comment, DateTime at)
    {
        if (!MayRate)
            throw new InvalidOperationException("There is no definitive response to rate.");
        Satisfied = satisfied;
        SatisfactionComment = comment;
        RatedAt = at;
        return Record(at, "citizen", satisfied ? TimelineKind.RatedSatisfied : TimelineKind.RatedDissatisfied, comment, visibleToCitizen: true);
    }

    // A definitive response stands: it may be rated and, within the commune's days, contested.
    public bool ResponseStands => IsSettled(Status);

    // Contesting is open for `days` after the definitive response, whatever the cell did since (closing it included).
    public bool MayContest(DateOnly today, int days) => MayContestOn(Status, DefinitiveAt, today, days);

    public static bool MayContestOn(ComplaintStatus status, DateTime? definitiveAt, DateOnly today, int days) =>
        ContestLastDayOf(definitiveAt, days) is { } last && IsSettled(status) && today <= last;

    // The last Moroccan day on which the latest definitive response may be contested.
    public DateOnly? ContestLastDay(int days) => ContestLastDayOf(DefinitiveAt, days);

    public static DateOnly? ContestLastDayOf(DateTime? definitiveAt, int days) =>
        definitiveAt is { } answered ? LegalDeadlines.LocalDate(answered).AddDays(days) : null;

    // docs/life-cycle-and-roles.md: a contested answer goes back to the service that gave it; a contested rejection to the cell.
    // Either way a new answer is owed within the full response duration from now.
    public TimelineEntry Contest(string reason, DateTime at, LegalClock clock)
    {
        if (DefinitiveAt is null || !ResponseStands)
            throw new InvalidOperationException($"A complaint that is {Status.Wire()} cannot be contested.");
        Status = ServiceId is not null && RejectionReason is null ? ComplaintStatus.Assigned : ComplaintStatus.Reopened;
        ReopenCount++;
        RejectionReason = null;
        EscalatedAt = null;
        ResponseDueOn = clock.ResponseDueFrom(at);
        return Record(at, "citizen", TimelineKind.Contested, reason, visibleToCitizen: true);
    }

    // Late: raised once per due date (the response's, or the one given); the entry is for staff only.
    public TimelineEntry Escalate(DateTime at, DateOnly? missed = null)
    {
        EscalatedAt = at;
        return Record(at, "system", TimelineKind.Escalated, (missed ?? ResponseDueOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), visibleToCitizen: false);
    }

    void Definitive(DateTime at)
    {
        DefinitiveAt = at;
        MeasureDefinitive();
        // An answer ends the wait for the citizen: no clock runs any more.
        AwaitingCitizen = false;
        ClockPausedAt = null;
    }

    // Days from filing and "within the deadline", both on Moroccan dates (the day of filing counts as day 0).
    public void MeasureDefinitive()
    {
        if (DefinitiveAt is not { } at)
            return;
        var answeredOn = LegalDeadlines.LocalDate(at);
        DaysToDefinitive = answeredOn.DayNumber - LegalDeadlines.LocalDate(FiledAt).DayNumber;
        DefinitiveWithinDeadline = answeredOn <= ResponseDueOn;
    }

    public bool CitizenMayAddInformation => !ResponseStands;

    // The citizen's answer or addition. If the clock stood still for it, it runs again with the due dates moved by
    // the paused days (the transmission one only while the complaint has not reached a service yet).
    public TimelineEntry AddCitizenInformation(string text, DateTime at, LegalClock clock)
    {
        if (!CitizenMayAddInformation)
            throw new InvalidOperationException($"A complaint that is {Status.Wire()} takes no more information.");
        AwaitingCitizen = false;
        var added = Record(at, "citizen", TimelineKind.CitizenInformation, text, visibleToCitizen: true);
        if (ClockPausedAt is { } pausedAt)
        {
            ClockPausedAt = null;
            if (Status == ComplaintStatus.Received)
                TransmissionDueOn = clock.Extend(TransmissionDueOn, pausedAt, at);
            ResponseDueOn = clock.Extend(ResponseDueOn, pausedAt, at);
            Record(at, "system", TimelineKind.ClockResumed, ResponseDueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), visibleToCitizen: true);
        }
        return added;
    }

    // The kinds of entry in which the citizen speaks: their own words, gone at anonymisation.
    public static readonly TimelineKind[] CitizensOwnWords =
        [TimelineKind.CitizenInformation, TimelineKind.Contested, TimelineKind.RatedSatisfied, TimelineKind.RatedDissatisfied];

    // The end of retention (Privacy/PersonalDataRetention): who complained, where, in their words and pictures, is
    // gone; the reference, category, district, dates, status and every figure stay. `redact` takes the complainant's
    // names, e-mail, phone and address out of what staff wrote. Attachments are removed by the caller with their files.
    public void Anonymize(DateTime at, Func<string, string> redact)
    {
        Complainant = new Complainant();
        Address = null;
        Latitude = null;
        Longitude = null;
        Description = "";
        SatisfactionComment = null;
        ConsentToPublish = false;
        foreach (var entry in Timeline.Where(t => t.Text is not null))
            entry.Text = CitizensOwnWords.Contains(entry.Kind) ? null : redact(entry.Text!);
        // A typed answer is the citizen's own words; a choice among the commune's values names nobody.
        foreach (var answer in Answers.Where(a => a.ValueFr is null))
            answer.Value = "";
        Attachments.Clear();
        AnonymizedAt = at;
        RefreshSearch();
        // Forms opened before it refuse a move on what they showed.
        Version++;
    }

    // Staff correct who complained and how to reach them, at the citizen's request (loi 09-08); the entry is for staff.
    public TimelineEntry CorrectContact(Complainant corrected, string actor, DateTime at)
    {
        Complainant = corrected;
        RefreshSearch();
        return Record(at, actor, TimelineKind.Note, "Coordonnées du citoyen corrigées à sa demande (loi 09-08).", visibleToCitizen: false);
    }

    // A service drafts the answer; the cell reviews and sends it (décret 2-17-265: the cell answers).
    public TimelineEntry Propose(string text, bool definitive, string actor, DateTime at)
    {
        Guard(Move.Propose);
        return Record(at, actor, TimelineKind.Proposal, text, visibleToCitizen: false, definitive: definitive);
    }

    public TimelineEntry? LatestProposal => Timeline
        .Where(t => t.Kind == TimelineKind.Proposal)
        .OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
        .FirstOrDefault();

    // Internal notes never reach the citizen and are allowed in every status.
    public TimelineEntry AddNote(string text, string actor, DateTime at) =>
        Record(at, actor, TimelineKind.Note, text, visibleToCitizen: false);

    // A document staff add to the file (a scanned letter, a photo of the repair): for staff only, in every status.
    public TimelineEntry AttachByStaff(Attachment attachment, string actor, DateTime at)
    {
        if (Attachments.Count >= Limits.MaxAttachmentsPerComplaint)
            throw new InvalidOperationException($"A complaint holds at most {Limits.MaxAttachmentsPerComplaint} attachments.");
        attachment.UploadedAt = at;
        Attachments.Add(attachment);
        return Record(at, actor, TimelineKind.DocumentAdded, attachment.FileName, visibleToCitizen: false);
    }

    void Guard(Move move)
    {
        if (!Allowed[Status].Contains(move))
            throw new IllegalMoveException(move, Status, Allowed[Status]);
    }

    TimelineEntry Record(DateTime at, string actor, TimelineKind kind, string? text, bool visibleToCitizen, int? serviceId = null, bool definitive = false)
    {
        var entry = new TimelineEntry
        {
            At = at,
            Actor = actor,
            Kind = kind,
            Text = text,
            VisibleToCitizen = visibleToCitizen,
            ServiceId = serviceId,
            Definitive = definitive,
        };
        Timeline.Add(entry);
        UpdatedAt = at;
        // Every change moves the version: a second person acting on an older view is refused.
        Version++;
        return entry;
    }
}

// What a citizen submitted, checked: the content of a filing.
public sealed record Submission(
    ComplaintKind Kind, Channel Channel, string Description, string? Address, double? Latitude, double? Longitude,
    Complainant Complainant, bool ConsentToPublish, string Language, IReadOnlyList<ComplaintAnswer>? Answers = null);

public class Complainant
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public enum TimelineKind
{
    Filed, Rejected, Assigned, Instructions, Started, Response, Answer, Closed, Reopened, Note,
    Recategorized, InformationRequested, CitizenInformation, Proposal,
    ClockPaused, ClockResumed, Contested, RatedSatisfied, RatedDissatisfied, Escalated,
    DocumentAdded,
}

public static class PublicTimeline
{
    // The entries whose text may be shown publicly (Open311's status_notes): only what the commune wrote to the
    // citizen. An allow-list, so the citizen's own words (information, contest, rating), internal notes and any kind
    // added later stay private until named here (loi 09-08).
    public static readonly TimelineKind[] Kinds =
    [
        TimelineKind.InformationRequested, TimelineKind.Response, TimelineKind.Answer,
        TimelineKind.Rejected, TimelineKind.Closed, TimelineKind.Reopened,
    ];
}

public class TimelineEntry
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public TimelineKind Kind { get; set; }
    public string? Text { get; set; }
    public bool VisibleToCitizen { get; set; }
    // The service a complaint was assigned to, so each reader sees its name in their language.
    public int? ServiceId { get; set; }
    // For a proposal: whether the service proposes it as the definitive answer.
    public bool Definitive { get; set; }
}

public class Attachment
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    // Where the file store keeps the bytes; never derived from the citizen's file name.
    public required string StorageKey { get; set; }
    public DateTime UploadedAt { get; set; }
}

public sealed class IllegalMoveException(Move move, ComplaintStatus from, IReadOnlyList<Move> allowed)
    : InvalidOperationException($"'{move.Wire()}' is not allowed from '{from.Wire()}'; allowed: {string.Join(", ", allowed.Select(m => m.Wire()))}.")
{
    public Move Move { get; } = move;
    public ComplaintStatus From { get; } = from;
    public IReadOnlyList<Move> AllowedMoves { get; } = allowed;
}

public static class ContactFields
{
    // Which of the complainant's fields a correction changes, by name: what the audit log may say of it.
    public static List<string> Changed(Complainant before, Complainant after) =>
    [
        .. before.FirstName != after.FirstName ? ["firstName"] : Array.Empty<string>(),
        .. before.LastName != after.LastName ? ["lastName"] : Array.Empty<string>(),
        .. before.Email != after.Email ? ["email"] : Array.Empty<string>(),
        .. before.Phone != after.Phone ? ["phone"] : Array.Empty<string>(),
    ];
}
