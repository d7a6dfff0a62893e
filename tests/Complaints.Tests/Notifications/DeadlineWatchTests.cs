using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Notifications;

// Reminders, escalation and the digest, at instants the tests choose. A complaint filed on 10/03/2026 in Sefrou
// must be routed by 25/03/2026 and answered by 09/05/2026; Sefrou reminds 7 days ahead.
public abstract class DeadlineWatchTests(DatabaseKind kind) : AppTest(kind)
{
    public sealed class OnSqlite() : DeadlineWatchTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : DeadlineWatchTests(DatabaseKind.Postgres);

    static readonly DateOnly Due = new(2026, 5, 9);

    async Task<WatchPass> PassAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineWatch>().RunAsync(CancellationToken.None);
    }

    // This Moroccan day and hour.
    void At(DateOnly day, int hour = 10) =>
        App.Clock.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), LegalDeadlines.Morocco)));

    Task<List<OutboxMessage>> MailsAsync(NotificationEvent e) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Event == e).OrderBy(m => m.Id).ToListAsync());

    Task SetAsync(string commune, Action<Commune> change) => App.WithDbAsync(async db =>
    {
        change(await db.Communes.SingleAsync(c => c.Code == commune));
        await db.SaveChangesAsync();
    });

    async Task<string> AssignedAsync()
    {
        var filed = await App.FileAsync();
        await App.QualifyAsync(filed.Complaint.Reference);
        return filed.Complaint.Reference;
    }

    [Fact]
    public async Task The_agents_of_the_service_are_reminded_once_from_seven_days_before_the_deadline()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "proprete");
        var reference = await AssignedAsync();

        At(Due.AddDays(-8));
        await PassAsync();
        Assert.Empty(await MailsAsync(NotificationEvent.Reminder));

        At(Due.AddDays(-7));
        await PassAsync();
        var reminder = Assert.Single(await MailsAsync(NotificationEvent.Reminder));
        Assert.Equal(agent.Email, reminder.Recipient);
        Assert.Equal($"[{reference}] Échéance le 09/05/2026 | [{reference}] الأجل ينتهي في 09/05/2026", reminder.Subject);
        Assert.Contains($"/staff/complaints/{reference}", reminder.Body);

        await PassAsync();
        At(Due.AddDays(-3));
        await PassAsync();
        Assert.Single(await MailsAsync(NotificationEvent.Reminder));
    }

    [Fact]
    public async Task A_commune_that_set_reminders_to_zero_days_sends_none()
    {
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await SetAsync("sefrou", c => c.ReminderDaysBefore = 0);
        await AssignedAsync();

        At(Due.AddDays(-1));
        await PassAsync();
        At(Due);
        await PassAsync();

        Assert.Empty(await MailsAsync(NotificationEvent.Reminder));
    }

    [Fact]
    public async Task A_complaint_waiting_for_the_citizen_is_neither_reminded_nor_escalated()
    {
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var reference = await AssignedAsync();
        await App.MoveAsync(reference, (a, s) => a.RequestInformationAsync(s, reference, null, "Quel est le numéro de la rue ?", CancellationToken.None));

        At(Due.AddDays(-2));
        await PassAsync();
        At(Due.AddDays(10));
        await PassAsync();

        Assert.Empty(await MailsAsync(NotificationEvent.Reminder));
        Assert.Empty(await MailsAsync(NotificationEvent.Escalated));
    }

    [Fact]
    public async Task A_late_complaint_is_escalated_once_to_the_cell_and_the_administrator_and_the_citizen_does_not_see_it()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou");
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        await App.CreateAsync(Roles.CommuneAdmin, "kenitra");
        await App.CreateAsync(Roles.Observer, "sefrou");
        var filed = await App.FileAsync();
        var reference = filed.Complaint.Reference;
        await App.QualifyAsync(reference);

        // The deadline day itself is still in time.
        At(Due, 23);
        await PassAsync();
        Assert.Empty(await MailsAsync(NotificationEvent.Escalated));

        At(Due.AddDays(1), 8);
        var pass = await PassAsync();
        await PassAsync();

        Assert.Equal(1, pass.Escalations);
        var mails = await MailsAsync(NotificationEvent.Escalated);
        Assert.Equal(new[] { admin.Email, agent.Email, cell.Email }.Order(), mails.Select(m => m.Recipient).Order());
        Assert.All(mails, m => Assert.StartsWith($"[{reference}] En retard depuis le 09/05/2026", m.Subject));

        var entries = await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference)
            .SelectMany(c => c.Timeline).Where(t => t.Kind == TimelineKind.Escalated).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.False(entry.VisibleToCitizen);

        var staff = await (await App.StaffBrowserAsync(cell)).GetPageAsync($"/staff/complaints/{reference}");
        Assert.Contains("escaladée", staff.QuerySelector(".timeline")!.TextContent);
        Assert.NotNull(staff.QuerySelector(".escalated"));

        var citizen = await TrackAsync(reference, filed.AccessCode);
        Assert.NotNull(citizen.QuerySelector(".timeline"));
        Assert.DoesNotContain("En retard", citizen.QuerySelector(".timeline")!.TextContent);
    }

    async Task<IDocument> TrackAsync(string reference, string code)
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/track");
        var response = await client.PostFormAsync("/track", form, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_commune_that_turned_escalation_off_escalates_nothing()
    {
        await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        await SetAsync("sefrou", c => c.EscalateLate = false);
        var reference = await AssignedAsync();
        await App.FileAsync();

        At(Due.AddDays(5));
        await PassAsync();

        Assert.Empty(await MailsAsync(NotificationEvent.Escalated));
        Assert.Null(await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference).Select(c => c.EscalatedAt).SingleAsync()));
    }

    [Fact]
    public async Task An_answered_complaint_is_never_escalated()
    {
        await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var reference = await AssignedAsync();
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, "La chaussée a été refaite.", true, CancellationToken.None));

        At(Due.AddDays(30));
        await PassAsync();

        Assert.Empty(await MailsAsync(NotificationEvent.Escalated));
    }

    [Fact]
    public async Task A_complaint_left_unrouted_past_its_transmission_deadline_goes_up_once_to_the_cell_and_administrator()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou");
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var reference = (await App.FileAsync()).Complaint.Reference;

        At(new DateOnly(2026, 3, 25));
        await PassAsync();
        Assert.Empty(await MailsAsync(NotificationEvent.Escalated));

        At(new DateOnly(2026, 3, 26));
        await PassAsync();
        await PassAsync();

        var mails = await MailsAsync(NotificationEvent.Escalated);
        Assert.Equal(new[] { admin.Email, cell.Email }.Order(), mails.Select(m => m.Recipient).Order());
        Assert.All(mails, m => Assert.StartsWith($"[{reference}] Non transmise depuis le 25/03/2026", m.Subject));
        Assert.All(mails, m => Assert.Contains("لم يُحَل الطلب", m.Body));
    }

    [Fact]
    public async Task Passes_running_at_the_same_time_remind_and_escalate_each_complaint_once()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var references = new List<string>();
        for (var i = 0; i < 4; i++)
            references.Add(await AssignedAsync());

        At(Due.AddDays(-5));
        var reminding = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(PassAsync)));
        Assert.Equal(4, reminding.Sum(p => p.Reminders));
        var reminders = await MailsAsync(NotificationEvent.Reminder);
        Assert.Equal(references.Order(), reminders.Where(m => m.Recipient == agent.Email).Select(m => m.Subject![1..16]).Order());

        At(Due.AddDays(2));
        var escalating = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(PassAsync)));
        Assert.Equal(4, escalating.Sum(p => p.Escalations));
        var escalations = await MailsAsync(NotificationEvent.Escalated);
        Assert.Equal(references.Order(), escalations.Where(m => m.Recipient == cell.Email).Select(m => m.Subject![1..16]).Order());
        var entries = await App.WithDbAsync(db => db.Complaints.SelectMany(c => c.Timeline).CountAsync(t => t.Kind == TimelineKind.Escalated));
        Assert.Equal(4, entries);
    }

    [Fact]
    public async Task An_agent_gets_one_digest_a_day_after_the_digest_hour_listing_what_is_due()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var first = await AssignedAsync();
        var second = await AssignedAsync();

        At(Due.AddDays(-6), 6);
        await PassAsync();
        Assert.Empty(await MailsAsync(NotificationEvent.Digest));

        At(Due.AddDays(-6), 7);
        await PassAsync();
        await PassAsync();
        var digest = Assert.Single(await MailsAsync(NotificationEvent.Digest));
        Assert.Equal(agent.Email, digest.Recipient);
        Assert.Equal("Vos demandes à traiter au 03/05/2026 | الطلبات التي تنتظركم بتاريخ 03/05/2026", digest.Subject);
        Assert.Contains($"{first} — Voirie et trottoirs — échéance le 09/05/2026", digest.Body);
        Assert.Contains($"{second} — Voirie et trottoirs — échéance le 09/05/2026", digest.Body);
        Assert.Contains($"{first} — الطرق والأرصفة — الأجل 09/05/2026", digest.Body);

        At(Due.AddDays(-6), 22);
        await PassAsync();
        Assert.Single(await MailsAsync(NotificationEvent.Digest));

        At(Due.AddDays(-5), 8);
        await PassAsync();
        Assert.Equal(2, (await MailsAsync(NotificationEvent.Digest)).Count);
    }

    [Fact]
    public async Task A_member_who_turns_the_digest_off_on_the_account_page_gets_none()
    {
        var quiet = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var other = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await AssignedAsync();
        var browser = await App.StaffBrowserAsync(quiet);
        var page = await browser.GetPageAsync("/staff/account");
        Assert.NotNull(page.QuerySelector("#Digest_Receives[checked]"));

        // An unticked box sends nothing.
        var saved = await browser.PostFormAsync("/staff/account?handler=Digest", page, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await browser.GetPageAsync("/staff/account");
        Assert.Equal("Vous ne recevrez plus le récapitulatif quotidien.", page.QuerySelector(".notice")!.TextContent);
        Assert.Null(page.QuerySelector("#Digest_Receives[checked]"));

        At(Due.AddDays(-2), 9);
        await PassAsync();

        Assert.Equal(other.Email, Assert.Single(await MailsAsync(NotificationEvent.Digest)).Recipient);
    }

    [Fact]
    public async Task Only_people_with_something_to_act_on_get_a_digest()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        await App.CreateAsync(Roles.CommuneAdmin, "sefrou");
        await App.CreateAsync(Roles.Observer, "sefrou");
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        await App.PlatformAdminAsync();
        var waiting = (await App.FileAsync()).Complaint.Reference;

        At(new DateOnly(2026, 3, 11), 8);
        await PassAsync();

        var digest = Assert.Single(await MailsAsync(NotificationEvent.Digest));
        Assert.Equal(cell.Email, digest.Recipient);
        Assert.Contains($"{waiting} — Voirie et trottoirs — échéance le 25/03/2026 — à transmettre à un service", digest.Body);
        Assert.Contains("في انتظار الإحالة على مصلحة", digest.Body);
    }

    [Fact]
    public async Task The_administrator_digest_lists_the_late_complaints()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou");
        var reference = await AssignedAsync();

        At(Due.AddDays(3), 8);
        await PassAsync();

        var digest = Assert.Single(await MailsAsync(NotificationEvent.Digest));
        Assert.Equal(admin.Email, digest.Recipient);
        Assert.Contains($"{reference} — Voirie et trottoirs — échéance le 09/05/2026 — en retard", digest.Body);
        Assert.Contains("متأخر", digest.Body);
    }
}

// The background worker, switched on: it runs a pass at start and another each time the clock moves past its period.
public abstract class DeadlineWatchWorkerTests(DatabaseKind kind) : AppTest(kind)
{
    public sealed class OnSqlite() : DeadlineWatchWorkerTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : DeadlineWatchWorkerTests(DatabaseKind.Postgres);

    protected override Dictionary<string, string?> Settings => new() { ["Notifications:Watch"] = "true", ["Notifications:WatchMinutes"] = "30" };

    // After each pass the worker waits one period on the clock.
    static readonly TimeSpan Period = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task The_worker_reminds_the_agent_when_the_clock_reaches_the_reminder_day()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.Clock.TimersSetAsync(Period, 1, timeout.Token);
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var filed = await App.FileAsync();
        await App.QualifyAsync(filed.Complaint.Reference);

        // Less than a period: no pass.
        App.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(1, App.Clock.TimersSet(Period));

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));
        await App.Clock.TimersSetAsync(Period, 2, timeout.Token);

        var reminder = await App.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Event == NotificationEvent.Reminder));
        Assert.Equal(agent.Email, reminder.Recipient);
        Assert.Contains(filed.Complaint.Reference, reminder.Subject);
    }
}
