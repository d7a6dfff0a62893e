using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// Another site can make a signed-in member's browser send requests: none of them changes anything. Pages check their
// antiforgery token, the staff API takes a bearer token and never the session cookie, and nothing changes on a GET.
public abstract class CrossSiteRequestTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_staff_form_posted_without_its_token_changes_nothing()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        var forged = new MultipartFormDataContent
        {
            { new StringContent(cell.Password), "Password.Current" },
            { new StringContent("Chosen-By-The-Attacker-1"), "Password.New" },
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/staff/account?handler=Password", forged)).StatusCode);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell));
    }

    [Fact]
    public async Task The_staff_api_ignores_the_session_cookie()
    {
        await App.FileAsync();
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/complaints")).StatusCode);
        var note = await browser.PostAsync("/api/v1/complaints/SEF-2026-000001/notes", new StringContent("""{"text":"x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, note.StatusCode);
    }

    [Fact]
    public async Task Signing_out_or_any_change_needs_a_post()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        // A link or an image pointing at the sign-out address does not sign anyone out.
        Assert.Equal("/staff", (await browser.GetAsync("/staff/logout")).Target());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff/account?handler=Password&Password.Current=x&Password.New=y")).StatusCode);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell));
    }

    [Fact]
    public async Task Signing_out_clears_what_the_browser_kept()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        var response = await browser.LogoutAsync();
        Assert.Equal("/staff/login", response.Target());
        var cleared = string.Join(",", response.Headers.GetValues("Clear-Site-Data"));
        Assert.Contains("\"cache\"", cleared);
        Assert.Contains("\"storage\"", cleared);
    }

    public sealed class OnSqlite() : CrossSiteRequestTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CrossSiteRequestTests(DatabaseKind.Postgres);
}
