using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Security;

// A staff session starts anew at each sign-in, and a new password ends every other session of the member.
public abstract class SessionTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Each_sign_in_writes_a_new_session_and_a_cookie_from_before_signing_in_opens_nothing()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var site = new Uri("http://localhost");
        var cookies = new CookieContainer();
        var browser = App.CreateDefaultClient(site, new CookieContainerHandler(cookies));
        await browser.GetAsync("/staff/login");
        var before = cookies.GetCookieHeader(site);

        await browser.SignInAsync(cell);
        var first = Session(cookies, site);
        await App.CreateDefaultClient(site, new CookieContainerHandler(cookies)).SignInAsync(cell);
        var second = Session(cookies, site);
        Assert.NotEqual(first, second);
        // What a browser held before signing in (planted by someone else, say) is no session.
        var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
        request.Headers.Add("Cookie", before);
        Assert.StartsWith("/staff/login", (await App.CreateDefaultClient(site).SendAsync(request)).Target());
    }

    [Fact]
    public async Task A_new_password_ends_the_members_other_sessions_and_keeps_the_one_that_changed_it()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var here = App.Browser("fr");
        await here.SignInAsync(cell);
        var elsewhere = App.Browser("fr");
        await elsewhere.SignInAsync(cell);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/staff")).StatusCode);

        var page = await here.GetPageAsync("/staff/account");
        var changed = await here.PostFormAsync("/staff/account?handler=Password", page,
            new Dictionary<string, string> { ["Password.Current"] = cell.Password, ["Password.New"] = "Brand-New-Passw0rd" });
        Assert.Equal("/staff/account", changed.Target());

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/staff")).StatusCode);
        Assert.StartsWith("/staff/login", (await elsewhere.GetAsync("/staff")).Target());
    }

    [Fact]
    public async Task A_session_left_alone_ten_hours_asks_to_sign_in_again()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        // Each request within the ten hours keeps it going, up to the absolute lifetime (SessionLifetimeTests).
        App.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        App.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        App.Clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(1));
        Assert.StartsWith("/staff/login", (await browser.GetAsync("/staff")).Target());
    }

    // Every staff page without a parameter in its route, read from the route table: the menu's sign-out form is there.
    [Fact]
    public async Task Every_staff_page_offers_to_sign_out()
    {
        var admin = await App.PlatformAdminAsync();
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(r => r.StartsWith("/staff", StringComparison.Ordinal) && !r.Contains('{') && !r.StartsWith("/staff/log", StringComparison.Ordinal)
                        && r != "/staff/forgot")
            .Distinct().Order().ToList();
        var shown = 0;
        foreach (var url in pages)
        {
            var response = await browser.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            shown++;
            Assert.True((await response.ParseAsync()).QuerySelector("header form[action='/staff/logout'] button") is not null, url);
        }
        Assert.True(shown >= 12, $"{shown} staff pages of {pages.Count}");
    }

    static string Session(CookieContainer cookies, Uri site) =>
        cookies.GetCookies(site).Single(c => c.Name.EndsWith("complaints.staff", StringComparison.Ordinal)).Value;

    public sealed class OnSqlite() : SessionTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SessionTests(DatabaseKind.Postgres);
}
