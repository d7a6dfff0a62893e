using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages;

// The language switch, the antiforgery token and the rate limit on tracking codes: the request pipeline decides them
// from cookies, headers and counters kept in memory, the same on either database: SQLite only.
public abstract class PublicRequestGuardTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task The_language_switch_is_on_every_page_and_remembers_the_choice()
    {
        var client = App.Browser("fr");
        foreach (var url in new[] { "/", "/sefrou/file", "/track" })
        {
            var page = await client.GetPageAsync(url);
            Assert.NotNull(page.QuerySelector($"a[href^='/language/ar'][lang=ar]"));
        }
        var switched = await client.GetAsync("/language/ar?returnUrl=%2Fsefrou%2Ffile");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/sefrou/file", switched.Headers.Location!.OriginalString);
        var after = await client.GetPageAsync("/sefrou/file");
        Assert.Equal("rtl", after.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task The_language_switch_never_redirects_off_site()
    {
        var response = await App.Browser().GetAsync("/language/ar?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        response = await App.Browser().GetAsync("/language/ar?returnUrl=%2F%2Fevil.example");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Posting_without_the_antiforgery_token_is_refused()
    {
        var client = App.Browser("fr");
        var content = new FormUrlEncodedContent(Samples.Complaint());
        var response = await client.PostAsync("/sefrou/file", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task Guessing_codes_is_slowed_down()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/track");
        HttpResponseMessage? last = null;
        for (var i = 0; i < 35 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
            last = await client.PostFormAsync("/track", form, new Dictionary<string, string> { ["Reference"] = "SEF-2026-000001", ["Code"] = $"GUESS{i:D3}" });
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
    }

    public sealed class OnSqlite() : PublicRequestGuardTests(DatabaseKind.Sqlite);
}
