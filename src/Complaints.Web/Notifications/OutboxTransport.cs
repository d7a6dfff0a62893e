namespace Complaints.Web.Notifications;

// One way out of the outbox. A transport that is not configured leaves its messages waiting.
public interface IOutboxTransport
{
    NotificationChannel Channel { get; }
    bool Configured { get; }
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

// A refusal worth recording as it is (an HTTP status, a missing setting); the text holds no secret.
// A permanent one (a number the gateway rejects) will not pass on a retry.
public sealed class OutboxSendException(string message, bool permanent = false) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}
