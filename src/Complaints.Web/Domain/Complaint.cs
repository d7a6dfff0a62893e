namespace Complaints.Web.Domain;

// One submission of a citizen and its whole life. Status changes only through the guarded
// moves below, each of which writes a timeline entry (who, when, why).
public class Complaint
{
    public long Id { get; set; }
    public int CommuneId { get; set; }
    public Commune? Commune { get; set; }
    // e.g. SEF-2026-000042: unique per commune and year, given at once (décret 2-17-265, loi 55-19).
    public required string Reference { get; set; }
    public int Year { get; set; }
    public int Number { get; set; }
    public ComplaintKind Kind { get; set; }
    public Channel Channel { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public int? DistrictId { get; set; }
    public District? District { get; set; }
    public required string Description { get; set; }
    public string? Address { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public Complainant Complainant { get; set; } = new();
    public bool ConsentToPublish { get; set; }
    public required string AccessCodeHash { get; set; }
    // The language the citizen filed in: every message to them uses it.
    public string Language { get; set; } = "fr";
    public DateTime FiledAt { get; set; }
    public DateOnly TransmissionDueOn { get; set; }
    public DateOnly ResponseDueOn { get; set; }
    public ComplaintStatus Status { get; private set; } = ComplaintStatus.Received;
    public int? ServiceId { get; set; }
    public Service? Service { get; set; }
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
    public DateTime UpdatedAt { get; set; }
    // Folded copies for the staff search (SearchTerms): what anyone may search, and who complained.
    public string SearchText { get; private set; } = "";
    public string? SearchPersonal { get; private set; }
    // Optimistic concurrency: two people acting at once cannot both apply a move.
    public int Version { get; set; }

    public List<Attachment> Attachments { get; set; } = [];
    public List<TimelineEntry> Timeline { get; set; } = [];

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

    // Late: still owed a definitive response after its due date. One rule for the inbox, the screens, /track, the API
    // and the figures; the deadline watch escalates the same complaints except those waiting for the citizen.
    public static bool IsLate(ComplaintStatus status, DateOnly responseDueOn, DateOnly today) => !IsSettled(status) && responseDueOn < today;

    public bool IsLateOn(DateOnly today) => IsLate(Status, ResponseDueOn, today);

    // Who holds it now: the service while it is assigned or in progress there, else (null) the complaints cell.
    public int? HoldingServiceId => Status is ComplaintStatus.Assigned or ComplaintStatus.InProgress ? ServiceId : null;

    public bool Allows(Move move) => Allowed[Status].Contains(move);

    public void Filed(string actor, DateTime at) =>
        Record(at, actor, TimelineKind.Filed, null, visibleToCitizen: true);

    public void Reject(RejectionReason reason, string explanation, string actor, DateTime at)
    {
        Guard(Move.Reject);
        Status = ComplaintStatus.Rejected;
        RejectionReason = reason;
        Definitive(at);
        Record(at, actor, TimelineKind.Rejected, explanation, visibleToCitizen: true);
    }

    public void Assign(Service service, string? instructions, string actor, DateTime at)
    {
        Guard(Move.Assign);
        if (service.CommuneId != CommuneId)
            throw new ArgumentException("The service belongs to another commune.", nameof(service));
        Status = ComplaintStatus.Assigned;
        ServiceId = service.Id;
        Service = service;
        Record(at, actor, TimelineKind.Assigned, service.NameFr, visibleToCitizen: true, service.Id);
        if (!string.IsNullOrWhiteSpace(instructions))
            Record(at, actor, TimelineKind.Instructions, instructions, visibleToCitizen: false);
    }

    public void StartProgress(string actor, DateTime at)
    {
        Guard(Move.StartProgress);
        Status = ComplaintStatus.InProgress;
        Record(at, actor, TimelineKind.Started, null, visibleToCitizen: true);
    }

    // A message to the citizen; a definitive one answers the complaint.
    public void Respond(string text, bool definitive, string actor, DateTime at)
    {
        Guard(definitive ? Move.Answer : Move.Respond);
        Status = definitive ? ComplaintStatus.Answered : ComplaintStatus.InProgress;
        if (definitive)
            Definitive(at);
        Record(at, actor, definitive ? TimelineKind.Answer : TimelineKind.Response, text, visibleToCitizen: true);
    }

    public void Close(string reason, string actor, DateTime at)
    {
        Guard(Move.Close);
        Status = ComplaintStatus.Closed;
        Record(at, actor, TimelineKind.Closed, reason, visibleToCitizen: true);
    }

    public void Reopen(string reason, string actor, DateTime at)
    {
        Guard(Move.Reopen);
        Status = ComplaintStatus.Reopened;
        ReopenCount++;
        // A contested rejection no longer stands; the timeline keeps it.
        RejectionReason = null;
        EscalatedAt = null;
        Record(at, actor, TimelineKind.Reopened, reason, visibleToCitizen: true);
    }

    // The cell corrects the citizen's choice; routing follows the new category.
    public void Recategorize(Category category, string actor, DateTime at)
    {
        Guard(Move.Recategorize);
        if (category.CommuneId != CommuneId)
            throw new ArgumentException("The category belongs to another commune.", nameof(category));
        if (category.Id == CategoryId)
            return;
        var previous = Category?.NameFr;
        CategoryId = category.Id;
        Category = category;
        Record(at, actor, TimelineKind.Recategorized, previous is null ? category.NameFr : $"{previous} → {category.NameFr}", visibleToCitizen: false);
    }

    // The question goes to the citizen; while it waits, the answer is theirs to give.
    public void RequestInformation(string question, string actor, DateTime at)
    {
        Guard(Move.RequestInformation);
        AwaitingCitizen = true;
        Record(at, actor, TimelineKind.InformationRequested, question, visibleToCitizen: true);
        if (ClockPausedAt is null)
        {
            ClockPausedAt = at;
            Record(at, actor, TimelineKind.ClockPaused, null, visibleToCitizen: true);
        }
    }

    // The citizen answered: the clock runs again with due dates moved by the paused days (Deadlines/ComplaintClock).
    public void ResumeClock(DateOnly transmissionDueOn, DateOnly responseDueOn, DateTime at)
    {
        if (ClockPausedAt is null)
            throw new InvalidOperationException("The clock is not paused.");
        ClockPausedAt = null;
        TransmissionDueOn = transmissionDueOn;
        ResponseDueOn = responseDueOn;
        Record(at, "system", TimelineKind.ClockResumed, responseDueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), visibleToCitizen: true);
    }

    // A reopened complaint is owed a new answer: its response clock starts again.
    public void RestartResponseClock(DateOnly responseDueOn) => ResponseDueOn = responseDueOn;

    // The citizen may rate each definitive response once.
    public bool MayRate => DefinitiveAt is { } answered && (RatedAt is null || RatedAt < answered);

    public void Rate(bool satisfied, string? comment, DateTime at)
    {
        if (!MayRate)
            throw new InvalidOperationException("There is no definitive response to rate.");
        Satisfied = satisfied;
        SatisfactionComment = comment;
        RatedAt = at;
        Record(at, "citizen", satisfied ? TimelineKind.RatedSatisfied : TimelineKind.RatedDissatisfied, comment, visibleToCitizen: true);
    }

    // Contesting is open for `days` after the definitive response, whatever the cell did since (closing it included).
    public bool MayContest(DateOnly today, int days) =>
        ContestLastDay(days) is { } last
        && Status is ComplaintStatus.Answered or ComplaintStatus.Rejected or ComplaintStatus.Closed
        && today <= last;

    // The last Moroccan day on which the latest definitive response may be contested.
    public DateOnly? ContestLastDay(int days) =>
        DefinitiveAt is { } answered ? Deadlines.LegalDeadlines.LocalDate(answered).AddDays(days) : null;

    // CONTRACT §7: a contested answer goes back to the service that gave it; a contested rejection to the cell.
    public void Contest(string reason, DateTime at)
    {
        if (DefinitiveAt is null || Status is not (ComplaintStatus.Answered or ComplaintStatus.Rejected or ComplaintStatus.Closed))
            throw new InvalidOperationException($"A complaint that is {Status.Wire()} cannot be contested.");
        Status = ServiceId is not null && RejectionReason is null ? ComplaintStatus.Assigned : ComplaintStatus.Reopened;
        ReopenCount++;
        RejectionReason = null;
        EscalatedAt = null;
        Record(at, "citizen", TimelineKind.Contested, reason, visibleToCitizen: true);
    }

    // Late: raised once per due date (the response's, or the one given); the entry is for staff only.
    public void Escalate(DateTime at, DateOnly? missed = null)
    {
        EscalatedAt = at;
        Record(at, "system", TimelineKind.Escalated, (missed ?? ResponseDueOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), visibleToCitizen: false);
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
        var answeredOn = Deadlines.LegalDeadlines.LocalDate(at);
        DaysToDefinitive = answeredOn.DayNumber - Deadlines.LegalDeadlines.LocalDate(FiledAt).DayNumber;
        DefinitiveWithinDeadline = answeredOn <= ResponseDueOn;
    }

    public bool CitizenMayAddInformation => Status is not (ComplaintStatus.Closed or ComplaintStatus.Rejected or ComplaintStatus.Answered);

    public void AddCitizenInformation(string text, DateTime at)
    {
        if (!CitizenMayAddInformation)
            throw new InvalidOperationException($"A complaint that is {Status.Wire()} takes no more information.");
        AwaitingCitizen = false;
        Record(at, "citizen", TimelineKind.CitizenInformation, text, visibleToCitizen: true);
    }

    // A service drafts the answer; the cell reviews and sends it (décret 2-17-265: the cell answers).
    public void Propose(string text, bool definitive, string actor, DateTime at)
    {
        Guard(Move.Propose);
        Record(at, actor, TimelineKind.Proposal, text, visibleToCitizen: false, definitive: definitive);
    }

    public TimelineEntry? LatestProposal => Timeline
        .Where(t => t.Kind == TimelineKind.Proposal)
        .OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
        .FirstOrDefault();

    // Internal notes never reach the citizen and are allowed in every status.
    public void AddNote(string text, string actor, DateTime at) =>
        Record(at, actor, TimelineKind.Note, text, visibleToCitizen: false);

    void Guard(Move move)
    {
        if (!Allowed[Status].Contains(move))
            throw new IllegalMoveException(move, Status, Allowed[Status]);
    }

    void Record(DateTime at, string actor, TimelineKind kind, string? text, bool visibleToCitizen, int? serviceId = null, bool definitive = false)
    {
        Timeline.Add(new TimelineEntry
        {
            At = at,
            Actor = actor,
            Kind = kind,
            Text = text,
            VisibleToCitizen = visibleToCitizen,
            ServiceId = serviceId,
            Definitive = definitive,
        });
        UpdatedAt = at;
        // Every change moves the version: a second person acting on an older view is refused.
        Version++;
    }
}

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
