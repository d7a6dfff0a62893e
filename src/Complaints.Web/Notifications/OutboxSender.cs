using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Notifications;

public sealed record OutboxPass(int Sent, int Retrying, int Failed)
{
    public int Handled => Sent + Retrying + Failed;
}

// Who this process is when it claims a message; unique per instance, even several in one process.
public sealed class OutboxInstance
{
    public string Id { get; } = $"{Environment.MachineName[..Math.Min(60, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";
}

// One delivery pass: claim each due message, send it through its channel, record the outcome.
// Delivery is at least once: a claim left by a crashed instance lapses and the message goes again,
// with the same Message-Id (docs/decisions/0008-outbox-claims.md).
public sealed class OutboxSender(
    AppDbContext db, IEnumerable<IOutboxTransport> transports, IOptions<OutboxOptions> options,
    OutboxInstance instance, TimeProvider clock, NotificationMetrics metrics, ILogger<OutboxSender> log)
{
    // Longer than one send with its timeouts; after it, another instance may take the message over.
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    static readonly TimeSpan[] BackOff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    public static TimeSpan Delay(int attempts) => BackOff[Math.Clamp(attempts, 1, BackOff.Length) - 1];

    public async Task<OutboxPass> RunAsync(CancellationToken ct = default)
    {
        var ready = transports.Where(t => t.Configured).ToDictionary(t => t.Channel);
        // A channel without a transport keeps its messages pending, untouched, for administrators to read.
        if (ready.Count == 0)
            return new(0, 0, 0);
        var email = ready.ContainsKey(NotificationChannel.Email);
        var sms = ready.ContainsKey(NotificationChannel.Sms);
        var now = Now;
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .Where(m => (email && m.Channel == NotificationChannel.Email) || (sms && m.Channel == NotificationChannel.Sms))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(Math.Max(1, options.Value.BatchSize))
            .ToListAsync(ct);

        int sent = 0, retrying = 0, failed = 0;
        foreach (var id in candidates)
        {
            var claim = await ClaimAsync(id, ct);
            if (claim is null)
                continue;
            var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            try
            {
                await ready[message.Channel].SendAsync(message, ct);
                await RecordAsync(id, claim.Value, s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAt, Now)
                    .SetProperty(m => m.LastError, (string?)null));
                sent++;
                metrics.Sent(message.Channel);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: the claim lapses and another pass sends it.
                throw;
            }
            catch (Exception e)
            {
                var attempts = message.Attempts + 1;
                var givenUp = attempts >= Math.Max(1, options.Value.MaxAttempts) || Permanent(e);
                log.LogWarning("Outbox message {Id} ({Channel}) not sent, attempt {Attempts}: {Error}", id, message.Channel, attempts, Describe(e));
                await RecordAsync(id, claim.Value, s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, Describe(e))
                    .SetProperty(m => m.NextAttemptAt, Now + Delay(attempts))
                    .SetProperty(m => m.Status, givenUp ? OutboxStatus.Failed : OutboxStatus.Pending));
                metrics.NotSent(message.Channel, givenUp);
                if (givenUp)
                    failed++;
                else
                    retrying++;
            }
        }
        return new(sent, retrying, failed);
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    // A conditional update is the lock: of two instances racing for a row, only one changes it, on SQLite and PostgreSQL alike.
    async Task<DateTime?> ClaimAsync(long id, CancellationToken ct)
    {
        var now = Now;
        var until = now + ClaimFor;
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, instance.Id).SetProperty(m => m.ClaimedUntil, until), ct);
        return claimed == 1 ? until : null;
    }

    // The outcome lands only while the claim is still ours; ClaimedBy stays as who sent it last.
    async Task RecordAsync(long id, DateTime claimedUntil, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessage>> outcome)
    {
        var written = await db.OutboxMessages
            .Where(m => m.Id == id && m.ClaimedBy == instance.Id && m.ClaimedUntil == claimedUntil)
            .ExecuteUpdateAsync(s =>
            {
                outcome(s);
                s.SetProperty(m => m.ClaimedUntil, (DateTime?)null);
            }, CancellationToken.None);
        if (written == 0)
            log.LogWarning("Outbox message {Id}: the claim lapsed before its outcome was recorded", id);
    }

    // Retrying cannot help when the server refused this very message: SMTP 5xx (an unknown mailbox), a gateway's 4xx.
    static bool Permanent(Exception e) => e switch
    {
        OutboxSendException refused => refused.Permanent,
        MailKit.Net.Smtp.SmtpCommandException smtp => (int)smtp.StatusCode is >= 500 and < 600,
        _ => false,
    };

    // Short and free of secrets and personal data: the exception's kind and message, never a stack, a setting's value
    // or whom it was for.
    static string Describe(Exception e)
    {
        var text = e switch
        {
            OutboxSendException => e.Message,
            // The server's reply code is what an administrator looks up (550: no such mailbox).
            MailKit.Net.Smtp.SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode}: {e.Message}",
            _ => $"{e.GetType().Name}: {e.Message}",
        };
        // The recipient's address or number never reaches the logs or the stored error (loi 09-08).
        text = Privacy.ContactText.Redact(text.ReplaceLineEndings(" "));
        return text.Length > 300 ? text[..300] : text;
    }
}
