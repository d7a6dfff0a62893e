using Complaints.Web.Domain;

namespace Complaints.Web.Staff;

// The outcome of a staff action, shared by the pages and the API so both answer alike.
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
}
