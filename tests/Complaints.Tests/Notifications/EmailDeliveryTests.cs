using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;

namespace Complaints.Tests.Notifications;

public abstract class EmailDeliveryTests(DatabaseKind kind) : AppTest(kind)
{
    // Configured from the start; each test decides whether a server is listening there.
    readonly int smtpPort = SmtpTestServer.FreePort();

    protected override Dictionary<string, string?> Settings => SmtpSettings();

    Dictionary<string, string?> SmtpSettings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Commune de Sefrou <no-reply@sefrou.example>",
    };

    [Fact]
    public async Task A_mailbox_the_server_refuses_fails_at_once_and_the_others_still_go()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var refused = await App.QueueAsync($"{SmtpTestServer.Unknown}@example.test");
        var fine = await App.QueueAsync("amina@example.test");

        var pass = await App.SendOutboxAsync();

        Assert.Equal((1, 1), (pass.Sent, pass.Failed));
        var stored = await App.MessageAsync(refused.Id);
        Assert.Equal((OutboxStatus.Failed, 1), (stored.Status, stored.Attempts));
        Assert.StartsWith("SMTP 550", stored.LastError);
        Assert.Equal(OutboxStatus.Sent, (await App.MessageAsync(fine.Id)).Status);
        Assert.Equal("amina@example.test", Assert.Single(await smtp.WaitForAsync(1)).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_French_and_an_Arabic_message_arrive_intact_once_and_are_marked_sent()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        // A real clock is rarely on a whole microsecond, which PostgreSQL keeps: the outcome must still find its claim.
        App.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var french = await App.QueueAsync("amina@example.test", subject: "Réclamation SEF-2026-000001 reçue",
            body: "Bonjour, votre réclamation « éclairage » est enregistrée.");
        var arabic = await App.QueueAsync("youssef@example.test", language: "ar", subject: "تم استلام شكايتكم",
            body: "السلام عليكم، تم تسجيل شكايتكم رقم SEF-2026-000002. شكرا.");

        var pass = await App.SendOutboxAsync();

        Assert.Equal(2, pass.Sent);
        var received = await smtp.WaitForAsync(2);
        var fr = Assert.Single(received, m => m.To.Mailboxes.Single().Address == "amina@example.test");
        Assert.Equal("Réclamation SEF-2026-000001 reçue", fr.Subject);
        Assert.Equal("Bonjour, votre réclamation « éclairage » est enregistrée.", fr.TextBody?.TrimEnd());
        Assert.Equal("no-reply@sefrou.example", fr.From.Mailboxes.Single().Address);
        Assert.Equal("Commune de Sefrou", fr.From.Mailboxes.Single().Name);
        Assert.Equal($"outbox-{french.Id}@sefrou.example", fr.MessageId);
        var ar = Assert.Single(received, m => m.To.Mailboxes.Single().Address == "youssef@example.test");
        Assert.Equal("تم استلام شكايتكم", ar.Subject);
        Assert.Equal("السلام عليكم، تم تسجيل شكايتكم رقم SEF-2026-000002. شكرا.", ar.TextBody?.TrimEnd());

        foreach (var id in new[] { french.Id, arabic.Id })
        {
            var stored = await App.MessageAsync(id);
            Assert.Equal(OutboxStatus.Sent, stored.Status);
            Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, stored.SentAt!.Value, TimeSpan.FromMilliseconds(1));
            Assert.Null(stored.ClaimedUntil);
        }
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await App.SendOutboxAsync()).Handled);
        Assert.Equal(2, smtp.Received.Count);
    }

    [Fact]
    public async Task With_the_mail_server_down_a_message_is_retried_later_and_later_then_given_up_and_an_admin_resends_it()
    {
        var message = await App.QueueAsync();
        var expected = new[] { 1, 5, 30, 120, 360, 360, 360 };
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            Assert.Equal(1, (await App.SendOutboxAsync()).Retrying);
            var stored = await App.MessageAsync(message.Id);
            Assert.Equal(OutboxStatus.Pending, stored.Status);
            Assert.Equal(attempt, stored.Attempts);
            Assert.Equal(App.Clock.GetUtcNow().UtcDateTime.AddMinutes(expected[attempt - 1]), stored.NextAttemptAt);
            Assert.NotNull(stored.LastError);
            // Not before its time: a pass one second early leaves it alone.
            App.Clock.Advance(TimeSpan.FromMinutes(expected[attempt - 1]) - TimeSpan.FromSeconds(1));
            Assert.Equal(0, (await App.SendOutboxAsync()).Handled);
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(1, (await App.SendOutboxAsync()).Failed);
        var failed = await App.MessageAsync(message.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(8, failed.Attempts);
        Assert.Null(failed.SentAt);
        App.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, (await App.SendOutboxAsync()).Handled);

        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var page = await admin.GetPageAsync("/staff/admin/outbox?status=failed");
        var row = Assert.Single(page.QuerySelectorAll("table.outbox tbody tr"));
        Assert.Equal("citoyen@example.test", row.QuerySelector(".recipient [dir=ltr]")!.TextContent);
        Assert.Contains("Tentatives échouées : 8", row.QuerySelector(".delivery")!.TextContent);
        var resent = await admin.SubmitAsync(page, $"tr[data-id='{message.Id}'] form");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        page = await admin.GetPageAsync(resent.Headers.Location!.OriginalString);
        Assert.Contains($"n° {message.Id}", page.QuerySelector("p.notice[role=status]")!.TextContent);

        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        Assert.Equal(1, (await App.SendOutboxAsync()).Sent);
        var delivered = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("citoyen@example.test", delivered.To.Mailboxes.Single().Address);
        Assert.Equal("Bonjour, votre réclamation est enregistrée.", delivered.TextBody?.TrimEnd());
        Assert.NotEqual($"outbox-{message.Id}@sefrou.example", delivered.MessageId);
        Assert.Equal(OutboxStatus.Failed, (await App.MessageAsync(message.Id)).Status);
        Assert.Equal(0, (await App.SendOutboxAsync()).Handled);
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task A_message_left_waiting_by_an_instance_without_mail_is_sent_by_the_next_one_started_with_mail()
    {
        long id;
        await using (var withoutMail = TestApp.StartBeside(App, new() { ["Email:Smtp:Host"] = "" }))
        {
            id = (await withoutMail.QueueAsync()).Id;
            Assert.Equal(0, (await withoutMail.SendOutboxAsync()).Handled);
            var waiting = await withoutMail.MessageAsync(id);
            Assert.Equal(OutboxStatus.Pending, waiting.Status);
            Assert.Equal(0, waiting.Attempts);
            Assert.Null(waiting.LastError);
        }

        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        await using var restarted = TestApp.StartBeside(App, SmtpSettings());
        Assert.Equal(1, (await restarted.SendOutboxAsync()).Sent);
        Assert.Equal("citoyen@example.test", Assert.Single(await smtp.WaitForAsync(1)).To.Mailboxes.Single().Address);
        Assert.Equal(OutboxStatus.Sent, (await restarted.MessageAsync(id)).Status);
    }

    [Fact]
    public async Task The_background_worker_sends_a_message_once_its_time_comes_on_the_clock()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        await using var node = TestApp.StartBeside(App, new(SmtpSettings()) { ["Outbox:Worker"] = "true" });
        await node.QueueAsync("plus-tard@example.test", dueAt: node.Clock.GetUtcNow().UtcDateTime.AddMinutes(1));

        // The worker found nothing due and waits its poll period (Outbox:PollSeconds, 15) on the clock.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await node.Clock.TimersSetAsync(TimeSpan.FromSeconds(15), 1, timeout.Token);
        Assert.Empty(smtp.Received);

        node.Clock.Advance(TimeSpan.FromMinutes(1));
        var received = await smtp.WaitForAsync(1);
        Assert.Equal("plus-tard@example.test", Assert.Single(received).To.Mailboxes.Single().Address);
    }

    public sealed class OnSqlite() : EmailDeliveryTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : EmailDeliveryTests(DatabaseKind.Postgres);
}
