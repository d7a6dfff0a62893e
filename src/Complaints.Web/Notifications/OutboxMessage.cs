namespace Complaints.Web.Notifications;

public enum NotificationChannel { Email, Sms }

public enum OutboxStatus { Pending, Sent, Failed }

// What a notification is about: the steps meant for the citizen, then those meant for staff.
public enum NotificationEvent
{
    Receipt, Routed, InformationRequested, Message, Answer, Rejected, Closed, Reopened, RightsAnswered,
    Assigned, Reminder, Escalated, Digest, Contested, CitizenInformation, RightsRequested,
    Invitation, NewPassword,
}

// A message waiting to leave: written in the same transaction as the move that causes it, so nothing
// acknowledged is ever lost; the worker sends it and records the outcome.
public class OutboxMessage
{
    public long Id { get; set; }
    public int? CommuneId { get; set; }
    public long? ComplaintId { get; set; }
    public NotificationChannel Channel { get; set; }
    public NotificationEvent Event { get; set; }
    // An e-mail address or a phone number.
    public required string Recipient { get; set; }
    public string Language { get; set; } = "fr";
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    // Not before this instant: back-off after a failure.
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
    // One worker holds a message while it sends it; an expired claim lets another take over.
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}

// A commune's own wording for one event, channel and language; absent, the built-in wording applies.
public class NotificationTemplate
{
    public int Id { get; set; }
    public int CommuneId { get; set; }
    public NotificationEvent Event { get; set; }
    public NotificationChannel Channel { get; set; }
    public string Language { get; set; } = "fr";
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
