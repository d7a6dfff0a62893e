using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages;

// The language switch, the antiforgery token, the rate limit on tracking codes and the response headers: the request pipeline decides them
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

    // A return address with a control or non-ASCII character is redirected to a path of this site, never answered 500.
    [Theory]
    [InlineData("fr", "ar")]
    [InlineData("ar", "fr")]
    public async Task The_language_switch_sends_any_return_address_to_a_path_of_this_site(string from, string to)
    {
        var client = App.Browser(from);
        foreach (var (returnUrl, expected) in new[]
        {
            ("/%09x", "/"),
            ("/%09/evil.example", "/"),
            ("/%0D%0ASet-Cookie:%20a=b", "/"),
            ("/%5Cevil.example", "/"),
            ("%2F%5Cevil.example", "/"),
            ("https%3A%2F%2Fevil.example", "/"),
            ("/caf%C3%A9?q=%D8%B7%D8%B1%D9%8A%D9%82", "/caf%C3%A9?q=%D8%B7%D8%B1%D9%8A%D9%82"),
        })
        {
            var response = await client.GetAsync($"/language/{to}?returnUrl={returnUrl}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
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
        // Within the policy's one-minute window. The APIs' own limits: Security/RateLimitTests.
        Assert.InRange(last.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
    }

    [Fact]
    public async Task No_answer_names_the_server_software()
    {
        // The in-memory server never adds a Server header; Kestrel does unless told not to.
        await using var app = await TestApp.StartOnPortAsync(Kind);
        using var client = new HttpClient { BaseAddress = app.Address };
        foreach (var (url, status) in new[]
                 {
                     ("/", HttpStatusCode.OK),
                     ("/api/v1/public/stats?from=2026-01-01&to=2026-12-31", HttpStatusCode.OK),
                     ("/no-such-page", HttpStatusCode.NotFound),
                 })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.False(response.Headers.Contains("Server"), url);
        }
    }

    // A method no handler of the page takes, or a handler it does not have, used to draw the page without its data: a 500.
    [Theory]
    [InlineData("fr", "Action impossible ici")]
    [InlineData("ar", "إجراء غير ممكن هنا")]
    public async Task A_page_answers_405_to_a_method_it_does_not_take_and_404_to_a_handler_it_does_not_have(string language, string title)
    {
        var client = App.Browser(language);
        // TRACE, like GET, carries no antiforgery token: the method itself is what is refused.
        var traced = await client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/sefrou/file"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, traced.StatusCode);
        Assert.Equal(["GET", "POST", "HEAD"], traced.Content.Headers.Allow);
        Assert.Equal(title, (await traced.ParseAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/track"))).StatusCode);
        // The receipt has no unnamed POST handler to fall back on.
        var form = await client.GetPageAsync("/track");
        var unknown = await client.PostFormAsync("/receipt/SEF-2026-999999?handler=Nothing", form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    // A field named like a broken jQuery key ("[") is one more unknown field, not a 500.
    [Fact]
    public async Task A_form_field_named_with_a_lone_bracket_is_ignored()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint();
        fields["["] = "]";
        var response = await client.PostFormAsync("/sefrou/file", form, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public sealed class OnSqlite() : PublicRequestGuardTests(DatabaseKind.Sqlite);
}
