using Microsoft.AspNetCore.Identity;

namespace Complaints.Web.Staff;

// A member of staff; the role (docs/life-cycle-and-roles.md) says what they may do, the commune and service where.
public class StaffUser : IdentityUser
{
    public int? CommuneId { get; set; }
    public int? ServiceId { get; set; }
    public string? DisplayName { get; set; }
    // The morning list of one's complaints near or past their deadline.
    public bool ReceivesDigest { get; set; } = true;
    // A member of staff who left: they cannot sign in, and their sessions and tokens stop at once.
    public DateTime? DeactivatedAt { get; set; }
    // Invited by mail and not yet signed up: no password until they follow the link.
    public DateTime? InvitedAt { get; set; }
    // The last 30-second TOTP step that signed this person in: a code is accepted once, never replayed.
    public long? LastTotpStep { get; set; }

    public bool Active => DeactivatedAt is null;
}

public static class Roles
{
    public const string PlatformAdmin = "platform-admin";
    public const string CommuneAdmin = "commune-admin";
    public const string ComplaintsCell = "complaints-cell";
    public const string ServiceAgent = "service-agent";
    public const string Observer = "observer";

    public static readonly string[] All = [PlatformAdmin, CommuneAdmin, ComplaintsCell, ServiceAgent, Observer];
}
