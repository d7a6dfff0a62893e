using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class OutboxAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/outbox";

    [Fact]
    public async Task A_commune_admin_reads_their_communes_waiting_messages_only_and_the_reading_is_audited()
    {
        var sefrou = await App.QueueAsync("hafsa@example.test", language: "ar", subject: "تم استلام شكايتكم", body: "السلام عليكم، شكايتكم مسجلة.");
        var kenitra = await App.QueueAsync("karim@example.test", commune: "kenitra", body: "Message de Kénitra");
        var member = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var admin = await App.StaffBrowserAsync(member, "ar");

        var page = await admin.GetPageAsync(Url);

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.NotNull(page.QuerySelector($"nav a[href='{Url}']"));
        var row = Assert.Single(page.QuerySelectorAll("table.outbox tbody tr"));
        Assert.Equal("hafsa@example.test", row.QuerySelector(".recipient [dir=ltr]")!.TextContent);
        Assert.Equal("تم استلام شكايتكم", row.QuerySelector("summary")!.TextContent);
        Assert.Equal("السلام عليكم، شكايتكم مسجلة.", row.QuerySelector(".body")!.TextContent);
        Assert.Equal("في الانتظار", row.QuerySelector(".status")!.TextContent);
        Assert.DoesNotContain("karim@example.test", page.Body!.TextContent);
        var readings = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ReadPersonalData && a.UserId == member.Id).ToListAsync());
        Assert.Equal($"outbox {sefrou.Id}", Assert.Single(readings).Details);

        Assert.NotEqual(HttpStatusCode.OK, (await admin.GetAsync($"{Url}?commune=kenitra")).StatusCode);
        await App.WithDbAsync(db => db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed)));
        page = await admin.GetPageAsync(Url);
        var forged = await admin.PostFormAsync($"{Url}?handler=Resend", page, new Dictionary<string, string> { ["id"] = kenitra.Id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell)]
    [InlineData(Roles.ServiceAgent)]
    public async Task A_cell_or_service_agent_cannot_read_the_outbox(string role)
    {
        await App.QueueAsync();
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service: role == Roles.ServiceAgent ? "voirie" : null));
        var response = await member.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        var inbox = await member.GetPageAsync("/staff");
        Assert.Null(inbox.QuerySelector($"nav a[href='{Url}']"));
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ReadPersonalData)));
    }

    [Fact]
    public async Task A_platform_admin_filters_every_communes_messages_by_state_and_event_newest_first_page_by_page()
    {
        for (var i = 0; i < 30; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await App.QueueAsync($"c{i:00}@example.test", commune: i % 2 == 0 ? "sefrou" : "safi",
                @event: i < 27 ? NotificationEvent.Receipt : NotificationEvent.Answer);
        }
        await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Recipient == "c05@example.test")
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.Attempts, 8).SetProperty(m => m.LastError, "SocketException: Connection refused")));
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());

        var first = await admin.GetPageAsync(Url);
        var rows = first.QuerySelectorAll("table.outbox tbody tr");
        Assert.Equal(OutboxModelPageSize, rows.Length);
        Assert.Equal("c29@example.test", rows[0].QuerySelector(".recipient [dir=ltr]")!.TextContent);
        var second = await admin.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(30 - OutboxModelPageSize, second.QuerySelectorAll("table.outbox tbody tr").Length);
        Assert.Equal("c00@example.test", second.QuerySelectorAll("table.outbox tbody tr").Last().QuerySelector(".recipient [dir=ltr]")!.TextContent);

        var failed = await admin.GetPageAsync($"{Url}?status=failed");
        var row = Assert.Single(failed.QuerySelectorAll("table.outbox tbody tr"));
        Assert.Contains("Échec", row.QuerySelector(".status")!.TextContent);
        Assert.Contains("Tentatives échouées : 8", row.QuerySelector(".delivery")!.TextContent);
        Assert.Contains("Connection refused", row.QuerySelector(".delivery")!.TextContent);
        Assert.NotNull(row.QuerySelector("form button"));

        var answers = await admin.GetPageAsync($"{Url}?event=answer&commune=safi");
        Assert.Equal(["c29@example.test", "c27@example.test"],
            answers.QuerySelectorAll("table.outbox tbody tr .recipient [dir=ltr]").Select(e => e.TextContent));
    }

    const int OutboxModelPageSize = Complaints.Web.Pages.Staff.Admin.OutboxModel.PageSize;

    public sealed class OnSqlite() : OutboxAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OutboxAdminPagesTests(DatabaseKind.Postgres);
}
