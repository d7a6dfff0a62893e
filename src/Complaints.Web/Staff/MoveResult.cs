using Complaints.Web.Domain;

namespace Complaints.Web.Staff;

// The outcome of a move on a complaint, by staff (pages and API answer alike) or by the citizen (Citizens/CitizenActions).
public abstract record MoveResult
{
    public sealed record Done(Complaint Complaint) : MoveResult;
    public sealed record NotFound : MoveResult;
    public sealed record Forbidden : MoveResult;
    // The complaint changed since the actor read it: nothing was applied.
    public sealed record Stale(Complaint Current) : MoveResult;
    public sealed record Illegal(Move Move, ComplaintStatus Status, IReadOnlyList<Move> Allowed) : MoveResult;
    // Field name → message key.
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : MoveResult;
    // The citizen asked for something the complaint no longer allows; Reason is the message key that says why.
    public sealed record Refused(Complaint Current, string Reason) : MoveResult;
}
