namespace Complaints.Web.Notifications;

// One way out of the outbox. A transport that is not configured leaves its messages waiting.
public interface IOutboxTransport
{
    NotificationChannel Channel { get; }
    bool Configured { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

// A refusal worth recording as it is (an HTTP status, a missing setting); the text holds no secret.
public sealed class OutboxSendException(string message) : Exception(message);
