using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Hosting;

// Two instances deployed together start at the same moment on an empty database: the schema is migrated once, the
// demo communes and the first administrator are created once, and what one instance issues the other accepts.
public abstract class TwoInstancesTests(DatabaseKind kind)
{
    [Fact]
    public async Task Starting_together_on_an_empty_database_they_migrate_and_seed_it_once_and_share_sign_ins()
    {
        await TogetherAsync(async apps =>
        {
            foreach (var app in apps)
                Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
            var (applied, distinct, known) = await apps[0].WithDbAsync(async db =>
            {
                var history = await db.Database.GetAppliedMigrationsAsync();
                return (history.Count(), history.Distinct().Count(), db.Database.GetMigrations().Count());
            });
            Assert.Equal(known, applied);
            Assert.Equal(known, distinct);
            Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], await apps[1].WithDbAsync(db => db.Communes.Select(c => c.Code).OrderBy(c => c).ToListAsync()));
            Assert.Equal(1, await apps[1].WithDbAsync(db => db.Users.CountAsync()));

            // A token issued by one instance opens the other's API: the keys are shared through the database.
            var cell = await apps[0].CreateAsync(Roles.ComplaintsCell, "sefrou");
            var signedIn = await apps[0].ApiAsync(cell);
            var elsewhere = apps[1].CreateClient();
            elsewhere.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/complaints")).StatusCode);
        }, kind, 2);
    }

    [Fact]
    public async Task A_staff_member_signed_in_on_one_instance_works_on_the_other_in_the_browser_and_through_the_api()
    {
        await TogetherAsync(async apps =>
        {
            var cell = await apps[0].CreateAsync(Roles.ComplaintsCell, "sefrou");
            var filed = await apps[0].FileAsync();

            // The cookie one instance issued opens the inbox on the other, with the session it recorded there.
            var browser = await apps[0].StaffBrowserAsync(cell, elsewhere: apps[1]);
            var inbox = await browser.GetAsync("/staff");
            Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
            Assert.Contains(filed.Complaint.Reference, await inbox.Content.ReadAsStringAsync());

            var api = await apps[1].ApiAsync(cell);
            var elsewhere = apps[0].CreateClient();
            elsewhere.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync($"/api/v1/complaints/{filed.Complaint.Reference}")).StatusCode);

            // An administrator who signs the member out on one instance signs them out of both.
            var admin = await apps[1].ApiAsync(await apps[1].CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{cell.Id}/sessions/end", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/complaints")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        }, kind, 2);
    }

    [Fact]
    public async Task When_a_reminder_falls_due_on_both_instances_at_once_it_is_queued_once_and_mailed_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var watch = TimeSpan.FromMinutes(30);
        var poll = TimeSpan.FromSeconds(60);
        await TogetherAsync(async apps =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var app in apps)
                await app.Clock.TimersSetAsync(watch, 1, timeout.Token);
            var agent = await apps[0].CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
            var filed = await apps[0].FileAsync();
            await apps[0].QualifyAsync(filed.Complaint.Reference);

            // Seven days before the deadline of 09/05/2026, on both clocks: both watch passes and both outbox workers run.
            foreach (var app in apps)
                app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));
            foreach (var app in apps)
                await app.Clock.TimersSetAsync(watch, 2, timeout.Token);
            // The outbox workers poll on their clocks: both move on until no mail waits, then once more, so that each
            // has finished whatever it was sending when it next waits. Never while a mail is being sent: its claim
            // would run out on the clocks before the sending ends, which is the claim's own limit (ADR 8).
            Task<bool> MailsAsync(bool claimed) => apps[1].WithDbAsync(db => db.OutboxMessages.AnyAsync(m =>
                m.Channel == NotificationChannel.Email && m.Status == OutboxStatus.Pending && (!claimed || m.ClaimedUntil != null)));
            while (await MailsAsync(claimed: false))
            {
                if (!await MailsAsync(claimed: true))
                    foreach (var app in apps)
                        app.Clock.Advance(poll);
                await Task.Delay(20, timeout.Token);
            }
            var polls = apps.Select(a => a.Clock.TimersSet(poll)).ToArray();
            foreach (var app in apps)
                app.Clock.Advance(poll);
            for (var i = 0; i < apps.Length; i++)
                await apps[i].Clock.TimersSetAsync(poll, polls[i] + 1, timeout.Token);

            var reminder = await apps[1].WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Event == NotificationEvent.Reminder));
            Assert.Equal(OutboxStatus.Sent, reminder.Status);
            var mails = smtp.Received.Select(m => (To: m.To.Mailboxes.Single().Address, m.Subject)).ToList();
            Assert.Single(mails, m => m.To == agent.Email && m.Subject == reminder.Subject);
            // The receipt and the rest, each once too.
            Assert.Single(mails, m => m.To == "amina@example.test" && m.Subject?.Contains("reçue") == true);
            Assert.Empty(mails.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key));
        }, kind, 2, new(smtp.Settings())
        {
            ["Notifications:Watch"] = "true", ["Notifications:WatchMinutes"] = "30",
            ["Outbox:Worker"] = "true", ["Outbox:PollSeconds"] = "60",
        });
    }

    // Two instances started together on one empty database, stopped at the end whatever happened.
    static async Task TogetherAsync(Func<TestApp[], Task> test, DatabaseKind kind, int count, Dictionary<string, string?>? settings = null)
    {
        var apps = await TestApp.StartTogetherAsync(kind, count, settings);
        try
        {
            await test(apps);
        }
        finally
        {
            foreach (var app in apps.Reverse())
                await app.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : TwoInstancesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TwoInstancesTests(DatabaseKind.Postgres);
}
