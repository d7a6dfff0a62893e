namespace Complaints.Web.Domain;

// Décret 2-17-265 distinguishes three kinds of submission.
public enum ComplaintKind { Observation, Suggestion, Complaint }

public enum Channel { Web, Counter, Phone, Letter, Api }

// The life cycle of docs/life-cycle-and-roles.md; the wire names are snake_case (see StatusNames).
public enum ComplaintStatus { Received, Rejected, Assigned, InProgress, Answered, Closed, Reopened }

// The inadmissibility reasons the décret allows.
public enum RejectionReason { NotInRequiredForm, BeforeCourtOrJudged, OutsideRemit, InsultingOrAbusive, Unclear }

public enum Move { Reject, Assign, StartProgress, Respond, Answer, Close, Reopen, Recategorize, RequestInformation, Propose }

public static class StatusNames
{
    public static string Wire(this ComplaintStatus status) => status switch
    {
        ComplaintStatus.Received => "received",
        ComplaintStatus.Rejected => "rejected",
        ComplaintStatus.Assigned => "assigned",
        ComplaintStatus.InProgress => "in_progress",
        ComplaintStatus.Answered => "answered",
        ComplaintStatus.Closed => "closed",
        ComplaintStatus.Reopened => "reopened",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Wire(this Move move) => move switch
    {
        Move.Reject => "reject",
        Move.Assign => "assign",
        Move.StartProgress => "start",
        Move.Respond => "respond",
        Move.Answer => "answer",
        Move.Close => "close",
        Move.Reopen => "reopen",
        Move.Recategorize => "recategorize",
        Move.RequestInformation => "request_information",
        Move.Propose => "propose",
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    public static string Wire(this RejectionReason reason) => reason switch
    {
        RejectionReason.NotInRequiredForm => "not_in_required_form",
        RejectionReason.BeforeCourtOrJudged => "before_court_or_judged",
        RejectionReason.OutsideRemit => "outside_remit",
        RejectionReason.InsultingOrAbusive => "insulting_or_abusive",
        RejectionReason.Unclear => "unclear",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static string Wire(this ComplaintKind kind) => kind.ToString().ToLowerInvariant();

    public static string Wire(this Channel channel) => channel.ToString().ToLowerInvariant();

    // Open311 knows only open and closed (docs/open311.md).
    public static bool IsClosedForOpen311(this ComplaintStatus status) =>
        status is ComplaintStatus.Rejected or ComplaintStatus.Answered or ComplaintStatus.Closed;
}

public static class RejectionReasons
{
    public static bool TryParse(string? wire, out RejectionReason reason)
    {
        foreach (var r in Enum.GetValues<RejectionReason>())
        {
            if (string.Equals(r.Wire(), wire?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(r.ToString(), wire?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = r;
                return true;
            }
        }
        reason = default;
        return false;
    }
}
