using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Pages.Staff;

// The account page lists where the member is signed in and ends any of those sessions, the password typed again;
// an ended session opens nothing at its next request, by cookie or by token.
public abstract class AccountSessionsTests(DatabaseKind kind) : AppTest(kind)
{
    const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    async Task<HttpClient> SignedInAsync(StaffMember member, string userAgent, string address, string language = "fr")
    {
        var browser = App.Browser(language).From(address);
        browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        await browser.SignInAsync(member);
        return browser;
    }

    static string Device(IElement row) => row.QuerySelector(".device")!.TextContent;

    [Fact]
    public async Task Another_sign_in_is_listed_with_its_device_and_ending_it_sends_that_client_to_sign_in()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var signedInAt = Display.DateTime(App.Clock.GetUtcNow().UtcDateTime);
        var here = await SignedInAsync(cell, Firefox, "192.0.2.10");
        var phone = await SignedInAsync(cell, IPhone, "198.51.100.7");
        var api = await App.ApiAsync(cell);

        var page = await here.GetPageAsync("/staff/account");
        var rows = page.QuerySelectorAll("#sessions tr.session").ToList();
        Assert.Equal(["API", "Firefox, Windows", "Safari, iOS"], rows.Select(Device).Order());
        var mine = Assert.Single(page.QuerySelectorAll("#sessions tr.current"));
        Assert.Equal("Firefox, Windows", Device(mine));
        Assert.Equal("192.0.2.10", mine.QuerySelector(".address")!.TextContent);
        Assert.Equal("Cette session", mine.QuerySelector(".this-session")!.TextContent);
        Assert.Null(mine.QuerySelector("button"));
        var phoneRow = rows.Single(r => Device(r) == "Safari, iOS");
        Assert.Equal("198.51.100.7", phoneRow.QuerySelector(".address")!.TextContent);
        Assert.Equal(signedInAt, phoneRow.QuerySelector(".started")!.TextContent);

        var ended = await EndAsync(page, phoneRow);
        Assert.Equal("/staff/account#sessions", ended.Target());
        Assert.StartsWith("/staff/login", (await phone.GetAsync("/staff")).Target());
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/complaints")).StatusCode);
        var after = await here.GetPageAsync("/staff/account");
        Assert.Equal("La session a été fermée.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal(["API", "Firefox, Windows"], after.QuerySelectorAll("#sessions tr.session").Select(Device).Order());

        // The API client's session: its token answers 401 at once.
        await EndAsync(after, after.QuerySelectorAll("#sessions tr.session").Single(r => Device(r) == "API"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/complaints")).StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SessionEnded && a.UserId == cell.Id)));

        Task<HttpResponseMessage> EndAsync(IDocument on, IElement row) => here.SubmitAsync(on, "#sessions form", new Dictionary<string, string>
        {
            ["End.Password"] = cell.Password,
            ["End.Session"] = row.QuerySelector("button.end")!.GetAttribute("value")!,
        });
    }

    [Fact]
    public async Task Ending_all_other_sessions_keeps_this_one_and_their_refresh_tokens_are_refused()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var here = await SignedInAsync(cell, Firefox, "192.0.2.10");
        var phone = await SignedInAsync(cell, IPhone, "198.51.100.7");
        var api = App.CreateClient();
        var tokens = await (await api.LoginAsync(cell.Email, cell.Password)).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/complaints")).StatusCode);

        var page = await here.GetPageAsync("/staff/account");
        var ended = await AccountReauthenticationTests.MoveAsync(here, page, "EndOthers", cell.Password);
        Assert.Equal("/staff/account#sessions", ended.Target());

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/staff")).StatusCode);
        Assert.StartsWith("/staff/login", (await phone.GetAsync("/staff")).Target());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/complaints")).StatusCode);
        var refreshed = await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);

        var after = await here.GetPageAsync("/staff/account");
        Assert.Equal("Vos autres sessions ont été fermées.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Firefox, Windows", Device(Assert.Single(after.QuerySelectorAll("#sessions tr.session"))));
        // Alone, there is nothing else to end.
        Assert.Null(after.QuerySelector("#sessions button.end-others"));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.OtherSessionsEnded && a.UserId == cell.Id)));
    }

    [Fact]
    public async Task Signing_out_ends_its_own_session_record_and_no_other()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var here = await SignedInAsync(cell, Firefox, "192.0.2.10");
        var phone = await SignedInAsync(cell, IPhone, "198.51.100.7");

        Assert.Equal("/staff/login", (await here.LogoutAsync()).Target());
        Assert.Equal(["Firefox, Windows"], await App.WithDbAsync(db => db.StaffSessions.Where(s => s.EndedAt != null).Select(s => s.Device).ToListAsync()));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/staff")).StatusCode);
        Assert.Equal("Safari, iOS", Device(Assert.Single((await phone.GetPageAsync("/staff/account")).QuerySelectorAll("#sessions tr.session"))));
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_every_five_minutes()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var here = await SignedInAsync(cell, Firefox, "192.0.2.10");
        var signedIn = App.Clock.GetUtcNow().UtcDateTime;

        App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/staff")).StatusCode);
        Assert.Equal(signedIn, await LastSeenAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/staff")).StatusCode);
        Assert.Equal(signedIn.AddMinutes(6), await LastSeenAsync());

        Task<DateTime> LastSeenAsync() => App.WithDbAsync(db => db.StaffSessions.Select(s => s.LastSeenAt).SingleAsync());
    }

    [Fact]
    public async Task Session_records_are_purged_a_month_after_they_end()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var ended = await SignedInAsync(cell, Firefox, "192.0.2.10");
        await ended.LogoutAsync();
        await SignedInAsync(cell, IPhone, "198.51.100.7");

        App.Clock.Advance(StaffSessions.KeptAfterEnd - TimeSpan.FromDays(1));
        Assert.Equal(0, await PurgeAsync());
        Assert.Equal(2, await App.WithDbAsync(db => db.StaffSessions.CountAsync()));
        // A month after it ended, and a month after the other one's lifetime ran out.
        App.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, await PurgeAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.StaffSessions.CountAsync()));

        async Task<int> PurgeAsync()
        {
            using var scope = App.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<StaffSessions>().PurgeAsync();
        }
    }

    [Theory]
    [InlineData(Firefox, "Firefox, Windows")]
    [InlineData(IPhone, "Safari, iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome, Android")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge, macOS")]
    [InlineData("curl/8.5.0", "")]
    public void The_device_is_named_by_browser_and_system(string userAgent, string device) =>
        Assert.Equal(device, StaffSessions.DeviceOf(userAgent));

    public sealed class OnSqlite() : AccountSessionsTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AccountSessionsTests(DatabaseKind.Postgres);
}
