namespace Complaints.Web.Domain;

// Décret 2-17-265 distinguishes three kinds of submission.
public enum ComplaintKind { Observation, Suggestion, Complaint }

public enum Channel { Web, Counter, Phone, Letter, Api }

// The life cycle of CONTRACT §7; the wire names are snake_case (see StatusNames).
public enum ComplaintStatus { Received, Rejected, Assigned, InProgress, Answered, Closed, Reopened }

// The inadmissibility reasons the décret allows.
public enum RejectionReason { NotInRequiredForm, BeforeCourtOrJudged, OutsideRemit, InsultingOrAbusive, Unclear }

public enum Move { Reject, Assign, StartProgress, Respond, Answer, Close, Reopen }

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
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    public static string Wire(this ComplaintKind kind) => kind.ToString().ToLowerInvariant();

    public static string Wire(this Channel channel) => channel.ToString().ToLowerInvariant();

    // Open311 knows only open and closed (CONTRACT §5).
    public static bool IsClosedForOpen311(this ComplaintStatus status) =>
        status is ComplaintStatus.Rejected or ComplaintStatus.Answered or ComplaintStatus.Closed;
}
