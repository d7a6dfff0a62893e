namespace Complaints.Web.Audit;

// Who did what and when, and who read a complainant's personal data (loi 09-08).
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public int? CommuneId { get; set; }
    public long? ComplaintId { get; set; }
    public string? Details { get; set; }
}

public static class AuditActions
{
    public const string ReadPersonalData = "read-personal-data";
    public const string Login = "login";
    public const string LoginFailed = "login-failed";
    public const string UserCreated = "user-created";
    public const string Intake = "intake";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string PasswordChanged = "password-changed";
    public const string UserUnlocked = "user-unlocked";
    public const string Contested = "contest";
    public const string CitizenInformation = "citizen-information";
    public const string Rated = "rate";
    public const string RightsRequested = "rights-requested";
    public const string RightsAnswered = "rights-answered";
    public const string ContactCorrected = "contact-corrected";
    public const string DeadlinesChanged = "deadlines-changed";
    public const string HolidayCorrected = "holiday-corrected";
    public const string HolidayCorrectionRemoved = "holiday-correction-removed";
    public const string PrivacyChanged = "privacy-changed";
    public const string DocumentAdded = "document-added";
    // One entry per confirmed sheet, with its counts.
    public const string SheetImported = "sheet-imported";

    public static string For(Domain.Move move) => "move:" + Domain.StatusNames.Wire(move);
}
