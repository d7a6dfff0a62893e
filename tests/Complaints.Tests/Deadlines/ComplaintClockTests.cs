using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Deadlines;

// The legal clock of one complaint over HTTP, as the citizen and the staff see it, with the fake clock moved.
public abstract class ComplaintClockTests(DatabaseKind kind) : AppTest(kind)
{
    async Task<(HttpClient Citizen, string Reference)> FileAsCitizenAsync()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint());
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        var reference = receipt.QuerySelector(".reference")!.TextContent;
        var code = receipt.QuerySelector(".secret")!.TextContent;
        var track = await citizen.GetPageAsync("/track");
        var opened = await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return (citizen, reference);
    }

    Task<(DateOnly Transmission, DateOnly Response)> DueAsync(string reference) =>
        App.WithDbAsync(async db => await db.Complaints.Where(c => c.Reference == reference)
            .Select(c => new ValueTuple<DateOnly, DateOnly>(c.TransmissionDueOn, c.ResponseDueOn)).SingleAsync());

    static async Task<JsonElement> DetailAsync(HttpClient api, string reference) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/v1/complaints/{reference}");

    static IElement InboxRow(IDocument inbox, string reference) =>
        inbox.QuerySelectorAll("table.inbox tbody tr").Single(r => r.QuerySelector(".reference")!.TextContent == reference);

    [Fact]
    public async Task The_clock_stands_still_while_the_citizen_is_asked_and_the_due_dates_move_by_the_days_it_waited()
    {
        var (citizen, reference) = await FileAsCitizenAsync();
        var track = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Equal("25/03/2026", track.QuerySelector(".transmission-due")!.TextContent);
        Assert.Equal("09/05/2026", track.QuerySelector(".response-due")!.TextContent);
        Assert.Null(track.QuerySelector(".paused"));

        var cellMember = await App.CreateAsync(Roles.ComplaintsCell);
        var api = await App.ApiAsync(cellMember);
        var asked = await api.PostAsJsonAsync($"/api/v1/complaints/{reference}/information-requests", new { text = "Pouvez-vous préciser le numéro de la rue ?" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var detail = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(detail.GetProperty("paused").GetBoolean());
        Assert.False(detail.GetProperty("late").GetBoolean());

        var inbox = await (await App.StaffBrowserAsync(cellMember)).GetPageAsync("/staff");
        Assert.Equal("Délai suspendu", InboxRow(inbox, reference).QuerySelector(".paused")!.TextContent);
        track = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Contains("Le délai est suspendu en attendant vos précisions", track.QuerySelector("p.paused")!.TextContent);

        // Ten days later the citizen answers from the track page.
        App.Clock.Advance(TimeSpan.FromDays(10));
        track = await citizen.GetPageAsync($"/track/{reference}");
        var answered = await citizen.SubmitAsync(track, "form#information", new Dictionary<string, string> { ["Information"] = "Rue 12, numéro 4." });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        Assert.Equal((new DateOnly(2026, 4, 4), new DateOnly(2026, 5, 19)), await DueAsync(reference));
        track = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Equal("19/05/2026", track.QuerySelector(".response-due")!.TextContent);
        Assert.Equal("04/04/2026", track.QuerySelector(".transmission-due")!.TextContent);
        Assert.Null(track.QuerySelector("p.paused"));
        var timeline = track.QuerySelector(".timeline")!;
        Assert.Contains("Délai suspendu en attendant vos précisions", timeline.TextContent);
        var resumed = timeline.QuerySelectorAll("li").Single(li => li.TextContent.Contains("Délai repris"));
        Assert.Contains("19/05/2026", resumed.TextContent);
        Assert.DoesNotContain("2026-05-19", timeline.TextContent);

        var staff = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var screen = await staff.GetPageAsync($"/staff/complaints/{reference}");
        Assert.Equal("19/05/2026", screen.QuerySelector("dd.deadline bdi")!.TextContent);
        var staffTimeline = screen.QuerySelector(".staff-timeline")!.TextContent;
        Assert.Contains("Délai suspendu (attente du citoyen)", staffTimeline);
        Assert.Contains("19/05/2026", staffTimeline);
        Assert.DoesNotContain("2026-05-19", staffTimeline);
        Assert.False((await DetailAsync(await App.ApiAsync(cellMember), reference)).GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task The_staff_screen_shows_both_due_dates_the_pause_and_the_rules_that_count()
    {
        var (_, reference) = await FileAsCitizenAsync();
        var cellMember = await App.CreateAsync(Roles.ComplaintsCell);
        var cell = await App.StaffBrowserAsync(cellMember);
        var screen = await cell.GetPageAsync($"/staff/complaints/{reference}");
        var deadlines = screen.QuerySelector("section[aria-labelledby=deadlines-title]")!;
        Assert.Contains("25/03/2026", deadlines.TextContent);
        Assert.Contains("09/05/2026", deadlines.TextContent);
        Assert.Equal("Jours calendaires : 15 jours pour la transmission, 60 jours pour la réponse.", deadlines.QuerySelector(".rules")!.TextContent);

        var asked = await cell.SubmitAsync(screen, "form#question", new Dictionary<string, string> { ["Input.Question"] = "Quel est le numéro de la maison ?" });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        screen = await cell.GetPageAsync($"/staff/complaints/{reference}");
        deadlines = screen.QuerySelector("section[aria-labelledby=deadlines-title]")!;
        Assert.Contains("Délai suspendu depuis le 10/03/2026", deadlines.QuerySelector("p.paused")!.TextContent);
        Assert.Equal("Délai suspendu", deadlines.QuerySelector("dd.deadline .paused")!.TextContent.Trim());
    }

    [Fact]
    public async Task Reopening_gives_the_complaint_a_full_response_duration_from_the_reopening_day()
    {
        var filed = await App.FileAsync();
        var reference = filed.Complaint.Reference;
        await App.QualifyAsync(reference);
        var cellMember = await App.CreateAsync(Roles.ComplaintsCell);
        var api = await App.ApiAsync(cellMember);
        var answered = await api.PostAsJsonAsync($"/api/v1/complaints/{reference}/responses", new { text = "La chaussée a été réparée.", definitive = true });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        App.Clock.Advance(TimeSpan.FromDays(20));
        var cell = await App.StaffBrowserAsync(cellMember);
        var screen = await cell.GetPageAsync($"/staff/complaints/{reference}");
        var reopened = await cell.SubmitAsync(screen, "form#reopen", new Dictionary<string, string> { ["Input.ReopenReason"] = "Le trou est revenu après la pluie." });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);

        // Reopened on 30 March: 60 calendar days, not counting that day.
        Assert.Equal(new DateOnly(2026, 5, 29), (await DueAsync(reference)).Response);
        screen = await cell.GetPageAsync($"/staff/complaints/{reference}");
        Assert.Equal("29/05/2026", screen.QuerySelector("dd.deadline bdi")!.TextContent);
    }

    [Fact]
    public async Task The_inbox_and_the_citizen_see_late_only_what_is_past_its_due_date()
    {
        var (citizen, late) = await FileAsCitizenAsync();
        App.Clock.Advance(TimeSpan.FromDays(40));
        var onTime = (await App.FileAsync()).Complaint.Reference;

        var cellMember = await App.CreateAsync(Roles.ComplaintsCell);
        // On 9 May (evening, Moroccan time) the first complaint is due today: still on time.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 9, 20, 0, 0, TimeSpan.Zero));
        var inbox = await (await App.StaffBrowserAsync(cellMember)).GetPageAsync("/staff");
        Assert.Null(InboxRow(inbox, late).QuerySelector(".late"));
        Assert.Null((await citizen.GetPageAsync($"/track/{late}")).QuerySelector("p.late"));

        // 10 May: the first complaint was due on 9 May, the second is due on 18 June.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));
        inbox = await (await App.StaffBrowserAsync(cellMember)).GetPageAsync("/staff");
        Assert.Equal("En retard", InboxRow(inbox, late).QuerySelector(".late")!.TextContent);
        Assert.Null(InboxRow(inbox, onTime).QuerySelector(".late"));
        Assert.Contains("is-late", InboxRow(inbox, late).ClassName);

        var track = await citizen.GetPageAsync($"/track/{late}");
        Assert.Equal("La commune n'a pas répondu dans le délai : la réponse était due le 09/05/2026.", track.QuerySelector("p.late")!.TextContent);
        var api = await App.ApiAsync(cellMember);
        Assert.True((await DetailAsync(api, late)).GetProperty("late").GetBoolean());
        Assert.False((await DetailAsync(api, onTime)).GetProperty("late").GetBoolean());
    }

    public sealed class OnSqlite() : ComplaintClockTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ComplaintClockTests(DatabaseKind.Postgres);
}
