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
    public const string AuthenticatorKeyChanged = "authenticator-key-changed";
    public const string RecoveryCodesRenewed = "recovery-codes-renewed";
    public const string SessionEnded = "session-ended";
    public const string OtherSessionsEnded = "other-sessions-ended";
    // Written before failed sign-ins were throttled instead of locking accounts; older rows still name it.
    public const string UserUnlocked = "user-unlocked";
    public const string SignInFailuresCleared = "sign-in-failures-cleared";
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
    public const string CommuneCreated = "commune-created";
    public const string CommuneChanged = "commune-changed";
    // A commune's services, categories and districts: added, then changed (names, order, default service, deactivated).
    public const string ServiceCreated = "service-created";
    public const string ServiceChanged = "service-changed";
    public const string CategoryCreated = "category-created";
    public const string CategoryChanged = "category-changed";
    public const string DistrictCreated = "district-created";
    public const string DistrictChanged = "district-changed";
    public const string QuestionCreated = "question-created";
    public const string QuestionChanged = "question-changed";
    public const string UserChanged = "user-changed";
    public const string UserDeactivated = "user-deactivated";
    public const string UserReactivated = "user-reactivated";
    public const string TwoFactorReset = "two-factor-reset";
    // Sessions ended by an administrator: one member's, or every member's at once.
    public const string SessionsEnded = "sessions-ended";
    public const string AllSessionsEnded = "all-sessions-ended";
    public const string InvitationSent = "invitation-sent";
    public const string InvitationAccepted = "invitation-accepted";
    public const string NewPasswordRequested = "new-password-requested";
    public const string NewPasswordChosen = "new-password-chosen";
    public const string ApiKeyIssued = "api-key-issued";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string Note = "note";
    public const string OutboxResent = "outbox-resent";
    public const string TemplateSaved = "template-saved";
    public const string TemplateDeleted = "template-deleted";
    public const string NotificationTemplateSaved = "notification-template-saved";
    public const string NotificationTemplateReset = "notification-template-reset";
    // One entry per confirmed sheet, with its counts.
    public const string SheetImported = "sheet-imported";

    public static string For(Domain.Move move) => "move:" + Domain.StatusNames.Wire(move);

    // Every action a row may name, for the audit reader's choice: each constant above and each move.
    public static readonly IReadOnlyList<string> Known =
    [
        .. typeof(AuditActions).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!),
        .. Enum.GetValues<Domain.Move>().Select(For),
    ];

    // Its words for people: staff.audit.action.move.assign for move:assign.
    public static string LabelKey(string action) => $"staff.audit.action.{action.Replace(':', '.')}";
}
