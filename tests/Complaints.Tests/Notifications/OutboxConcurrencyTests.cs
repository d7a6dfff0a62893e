using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Notifications;

public abstract class OutboxConcurrencyTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Two_instances_delivering_at_once_send_every_message_exactly_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var settings = new Dictionary<string, string?>(smtp.Settings()) { ["Outbox:BatchSize"] = "10" };
        await using var first = TestApp.StartBeside(App, settings);
        await using var second = TestApp.StartBeside(App, settings);
        for (var i = 0; i < 50; i++)
            await App.QueueAsync($"citoyen{i:00}@example.test", body: $"Message {i}");

        // Each instance runs passes until it finds nothing left, both over the same due rows.
        static async Task<int> DrainAsync(TestApp node)
        {
            var sent = 0;
            while ((await node.SendOutboxAsync()) is { Handled: > 0 } pass)
                sent += pass.Sent;
            return sent;
        }
        var counts = await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        Assert.Equal(50, counts.Sum());
        var received = await smtp.WaitForAsync(50);
        Assert.Equal(50, received.Count);
        Assert.Equal(50, received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(50, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent)));
    }

    public sealed class OnSqlite() : OutboxConcurrencyTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OutboxConcurrencyTests(DatabaseKind.Postgres);
}
