using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Complaints.Tests.Security;

// Every cookie the site writes (antiforgery, language, a citizen's opened complaints, the staff session) is out of
// reach of scripts and says when another site may send it.
public abstract class CookieTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Every_cookie_is_kept_from_scripts_and_from_other_sites()
    {
        var filed = await App.FileAsync();
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var site = new Uri("http://localhost");
        var browser = App.CreateDefaultClient(site, new CookieContainerHandler(new CookieContainer()));
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var written = new List<string>();
        var form = await browser.GetAsync("/track");
        written.AddRange(Written(form, "the antiforgery token"));
        written.AddRange(Written(await browser.GetAsync("/language/ar?returnUrl=%2F"), "the language"));
        var track = await browser.PostFormAsync("/track", await form.ParseAsync(), new Dictionary<string, string>
        {
            ["Reference"] = filed.Complaint.Reference, ["Code"] = filed.AccessCode,
        });
        written.AddRange(Written(track, "the opened complaint"));
        written.AddRange(Written(await browser.PostLoginAsync(cell.Email, cell.Password), "the staff session"));

        foreach (var cookie in written)
        {
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("httponly"), cookie);
            Assert.True(attributes.Any(a => a is "samesite=lax" or "samesite=strict"), cookie);
        }
    }

    static IEnumerable<string> Written(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies), $"No cookie written for {what}.");
        return cookies;
    }

    public sealed class OnSqlite() : CookieTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CookieTests(DatabaseKind.Postgres);
}
