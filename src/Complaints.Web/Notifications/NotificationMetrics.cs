using System.Diagnostics;
using System.Diagnostics.Metrics;
using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Notifications;

// The product's own meter, "Complaints": how the outbox and the deadline watch are doing (docs/operations.md,
// Observability). Counters count what this instance did; the outbox gauges read the shared queue, so every instance
// reports the same numbers (take their maximum, not their sum). Nothing is measured or read while nobody listens.
public sealed class NotificationMetrics
{
    public const string MeterName = "Complaints";

    readonly Counter<long> sent;
    readonly Counter<long> sendFailures;
    readonly Counter<long> watchPasses;
    readonly Counter<long> watchItems;
    readonly Counter<long> watchFailures;
    readonly Histogram<double> watchDuration;
    readonly IServiceScopeFactory scopes;
    readonly TimeProvider clock;

    public NotificationMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        this.scopes = scopes;
        this.clock = clock;
        var meter = meters.Create(MeterName);
        sent = meter.CreateCounter<long>("complaints.outbox.sent", "{message}", "Messages the outbox delivered.");
        sendFailures = meter.CreateCounter<long>("complaints.outbox.failures", "{attempt}",
            "Delivery attempts that failed; outcome says whether the message waits for a retry or was given up.");
        meter.CreateObservableGauge("complaints.outbox.pending", () => Queue(q => q.Count), "{message}",
            "Messages waiting to leave, due or backing off (with no transport configured they wait for administrators to read).");
        meter.CreateObservableGauge("complaints.outbox.oldest_pending.age", () => Queue(q => (clock.GetUtcNow().UtcDateTime - q.Oldest).TotalSeconds), "s",
            "How long the oldest waiting message has waited.");
        watchPasses = meter.CreateCounter<long>("complaints.deadline_watch.passes", "{pass}", "Passes of the deadline watch that ended.");
        watchItems = meter.CreateCounter<long>("complaints.deadline_watch.items", "{item}",
            "What the deadline watch did: reminders, escalations and digests, by kind.");
        watchFailures = meter.CreateCounter<long>("complaints.deadline_watch.failures", "{pass}", "Passes of the deadline watch that failed.");
        watchDuration = meter.CreateHistogram<double>("complaints.deadline_watch.duration", "s", "How long one pass of the deadline watch took.");
    }

    public void Sent(NotificationChannel channel) => sent.Add(1, Channel(channel));

    public void NotSent(NotificationChannel channel, bool givenUp) =>
        sendFailures.Add(1, Channel(channel), new("outcome", givenUp ? "failed" : "retry"));

    // One pass of the deadline watch, measured around the work.
    public async Task<WatchPass> WatchAsync(Func<Task<WatchPass>> pass)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var done = await pass();
            watchPasses.Add(1);
            watchItems.Add(done.Reminders, new KeyValuePair<string, object?>("kind", "reminder"));
            watchItems.Add(done.Escalations, new KeyValuePair<string, object?>("kind", "escalation"));
            watchItems.Add(done.Digests, new KeyValuePair<string, object?>("kind", "digest"));
            return done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            watchFailures.Add(1);
            throw;
        }
        finally
        {
            watchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    static KeyValuePair<string, object?> Channel(NotificationChannel channel) => new("channel", channel == NotificationChannel.Email ? "email" : "sms");

    sealed record Waiting(NotificationChannel Channel, int Count, DateTime Oldest);

    // Read when a collector asks (once per export interval), one value per channel, 0 when none waits.
    IEnumerable<Measurement<T>> Queue<T>(Func<Waiting, T> value) where T : struct
    {
        List<Waiting> waiting;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            waiting = [.. db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending)
                .GroupBy(m => m.Channel).Select(g => new Waiting(g.Key, g.Count(), g.Min(m => m.CreatedAt)))];
        }
        catch (Exception)
        {
            // The database is away: no reading rather than a wrong one; the health check says why.
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return Enum.GetValues<NotificationChannel>().Select(c =>
            new Measurement<T>(value(waiting.FirstOrDefault(w => w.Channel == c) ?? new Waiting(c, 0, now)), Channel(c)));
    }
}
