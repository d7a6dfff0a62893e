using System.Security.Claims;
using Complaints.Web.Domain;

namespace Complaints.Web.Staff;

// What one member of staff may see and do (docs/life-cycle-and-roles.md), read from their sign-in claims.
// Every staff page and endpoint filters through it on the server.
public sealed record StaffScope(string UserId, string Email, string Role, int? CommuneId, int? ServiceId)
{
    public const string CommuneClaim = "complaints:commune";
    public const string ServiceClaim = "complaints:service";

    public static StaffScope? From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = Roles.All.FirstOrDefault(user.IsInRole);
        if (id is null || role is null)
            return null;
        return new StaffScope(
            id,
            user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name) ?? id,
            role,
            int.TryParse(user.FindFirstValue(CommuneClaim), out var commune) ? commune : null,
            int.TryParse(user.FindFirstValue(ServiceClaim), out var service) ? service : null);
    }

    public bool IsPlatformAdmin => Role == Roles.PlatformAdmin;
    public bool IsServiceAgent => Role == Roles.ServiceAgent;
    public bool IsObserver => Role == Roles.Observer;
    public bool ManagesUsers => Role is Roles.PlatformAdmin or Roles.CommuneAdmin;

    // Observers read figures and complaints, but not who complained.
    public bool MaySeePersonalData => !IsObserver;
    public bool MayFile => Role is Roles.PlatformAdmin or Roles.CommuneAdmin or Roles.ComplaintsCell;
    public bool MayNote => !IsObserver;

    public bool SeesCommune(int communeId) => IsPlatformAdmin || CommuneId == communeId;

    public IQueryable<Complaint> Visible(IQueryable<Complaint> complaints) => Role switch
    {
        Roles.PlatformAdmin => complaints,
        Roles.ServiceAgent => complaints.Where(c => c.CommuneId == CommuneId && c.ServiceId == ServiceId),
        _ => complaints.Where(c => c.CommuneId == CommuneId),
    };

    static readonly Move[] ServiceMoves = [Move.StartProgress, Move.Propose, Move.RequestInformation];

    public bool May(Move move) => Role switch
    {
        Roles.Observer => false,
        Roles.ServiceAgent => ServiceMoves.Contains(move),
        _ => true,
    };

    // The moves this person could make on this complaint now: what the life cycle and the role both allow.
    public IReadOnlyList<Move> MovesOn(Complaint complaint) => complaint.AllowedMoves.Where(May).ToList();
}
