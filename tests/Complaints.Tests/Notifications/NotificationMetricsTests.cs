using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Deadlines;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Notifications;

// The "Complaints" meter as a collector reads it: the outbox's queue, sends and failures, the deadline watch's passes.
public abstract class NotificationMetricsTests(DatabaseKind kind) : SmsGatewayTest(kind)
{
    static readonly (string, string) Sms = ("channel", "sms");

    [Fact]
    public async Task The_outbox_gauges_follow_a_message_from_queued_to_sent_and_its_failed_attempt_is_counted()
    {
        using var metrics = new MetricReadings(App);
        Assert.Equal(0, metrics.Gauge("complaints.outbox.pending", Sms));

        await App.QueueAsync("+212600000001", channel: NotificationChannel.Sms);
        Assert.Equal(1, metrics.Gauge("complaints.outbox.pending", Sms));
        Assert.Equal(0, metrics.Gauge("complaints.outbox.pending", ("channel", "email")));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(300, metrics.Gauge("complaints.outbox.oldest_pending.age", Sms));

        gateway.Answer = HttpStatusCode.ServiceUnavailable;
        await App.SendOutboxAsync();
        Assert.Equal(1, metrics.Total("complaints.outbox.failures", Sms, ("outcome", "retry")));
        Assert.Equal(0, metrics.Total("complaints.outbox.sent"));
        Assert.Equal(1, metrics.Gauge("complaints.outbox.pending", Sms));

        gateway.Answer = HttpStatusCode.OK;
        App.Clock.Advance(OutboxSender.Delay(1));
        await App.SendOutboxAsync();
        Assert.Equal(1, metrics.Total("complaints.outbox.sent", Sms));
        Assert.Equal(0, metrics.Gauge("complaints.outbox.pending", Sms));
        Assert.Equal(0, metrics.Gauge("complaints.outbox.oldest_pending.age", Sms));
    }

    [Fact]
    public async Task A_message_the_gateway_refuses_is_counted_as_given_up()
    {
        using var metrics = new MetricReadings(App);
        await App.QueueAsync("+2126", channel: NotificationChannel.Sms);
        gateway.Answer = HttpStatusCode.BadRequest;

        await App.SendOutboxAsync();
        Assert.Equal(1, metrics.Total("complaints.outbox.failures", Sms, ("outcome", "failed")));
        Assert.Equal(0, metrics.Gauge("complaints.outbox.pending", Sms));
    }

    [Fact]
    public async Task A_deadline_watch_pass_is_counted_with_what_it_did_and_how_long_it_took()
    {
        using var metrics = new MetricReadings(App);
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var filed = await App.FileAsync();
        await App.QualifyAsync(filed.Complaint.Reference);
        // Seven days before the response is due (09/05/2026), in Morocco: the agents are reminded.
        App.Clock.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 5, 2, 10, 0, 0), LegalDeadlines.Morocco)));

        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DeadlineWatch>().RunAsync(CancellationToken.None);

        Assert.Equal(1, metrics.Total("complaints.deadline_watch.passes"));
        Assert.Equal(1, metrics.Total("complaints.deadline_watch.items", ("kind", "reminder")));
        Assert.Equal(0, metrics.Total("complaints.deadline_watch.items", ("kind", "escalation")));
        Assert.Equal(0, metrics.Total("complaints.deadline_watch.failures"));
        Assert.Equal(1, metrics.Count("complaints.deadline_watch.duration"));
    }

    public sealed class OnSqlite() : NotificationMetricsTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : NotificationMetricsTests(DatabaseKind.Postgres);
}
