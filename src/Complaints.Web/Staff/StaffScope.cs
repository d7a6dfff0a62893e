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

    // Which of the complainant's data this role is shown: one rule for the pages, the inbox and its search, the API,
    // the attachments and the exports (docs/personal-data.md). Observers read complaints and figures, never who
    // complained or where; a service agent gets what treating the complaint on the ground needs, but writes to the
    // citizen only through the cell, so never their e-mail address.
    public PersonalField PersonalFields => Role switch
    {
        Roles.Observer => PersonalField.OwnTexts,
        Roles.ServiceAgent => PersonalField.All & ~PersonalField.Email,
        _ => PersonalField.All,
    };

    public bool Sees(PersonalField field) => (PersonalFields & field) == field;

    // Shown who complained or where, or their files: such a reading is written down in the audit.
    public bool ReadsPersonalData => (PersonalFields & ~PersonalField.OwnTexts) != PersonalField.None;

    // Search by name, e-mail or phone only for those shown all three: a hit would tell the rest.
    public bool SearchesPersonalData => Sees(PersonalField.Contact);

    // Acting on a complaint, short of a move: notes and documents added by staff.
    public bool MayAct => !IsObserver;
    public bool MayFile => Role is Roles.PlatformAdmin or Roles.CommuneAdmin or Roles.ComplaintsCell;
    public bool MayNote => MayAct;

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

// The complainant's personal data, field by field (loi 09-08).
[Flags]
public enum PersonalField
{
    None = 0,
    Names = 1,
    Email = 2,
    Phone = 4,
    // The address and the map point: both say where the complainant was, often where they live.
    Address = 8,
    // Photos and scanned letters often show who complained.
    Attachments = 16,
    // What the citizen wrote: the description, their answers, contest and rating comment.
    OwnTexts = 32,
    Contact = Names | Email | Phone,
    All = Names | Email | Phone | Address | Attachments | OwnTexts,
}
