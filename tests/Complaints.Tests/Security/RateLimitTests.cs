using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Complaints.Tests.Api;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// Request limits per client, as the app sees the client behind its proxy: each citizen and each member of staff has
// their own bucket; one who goes past it is refused with 429 and Retry-After, on a page in their language or in the
// API's own error format. Counters live in the instance's memory, the same on either database: SQLite only.
public abstract class RateLimitTests(DatabaseKind kind) : Open311Test(kind)
{
    // Small limits, so that a few requests show each one; the tracking window is longer than the default.
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["RateLimiting:Tracking:PermitLimit"] = "3",
        ["RateLimiting:Tracking:WindowSeconds"] = "120",
        ["RateLimiting:Filing:PermitLimit"] = "2",
        ["RateLimiting:Login:PermitLimit"] = "2",
        ["RateLimiting:PublicApi:PermitLimit"] = "4",
        ["RateLimiting:Open311Filing:PermitLimit"] = "1",
        ["RateLimiting:StaffApi:PermitLimit"] = "3",
    };

    [Theory]
    [InlineData("fr", "Trop de tentatives", "Vous pourrez réessayer dans 120 secondes.")]
    [InlineData("ar", "محاولات كثيرة جدا", "يمكنكم المحاولة من جديد بعد 120 ثانية.")]
    public async Task Each_citizen_behind_the_proxy_has_their_own_access_code_attempts(string language, string title, string retry)
    {
        var guesser = App.BehindProxy("198.51.100.1", language);
        var form = await guesser.GetPageAsync("/track");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await GuessAsync(guesser, form, i)).StatusCode);
        var refused = await GuessAsync(guesser, form, 3);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), refused.Headers.RetryAfter?.Delta);
        var page = await refused.ParseAsync();
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("p"), p => p.TextContent == retry);
        // Writing another address in X-Forwarded-For does not make a new citizen: the proxy adds the one it saw.
        var disguised = new HttpRequestMessage(HttpMethod.Post, "/track") { Content = GuessContent(form, 4) };
        disguised.Headers.Add("X-Forwarded-For", "192.0.2.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.SendAsync(disguised)).StatusCode);

        // Another citizen behind the same proxy is not held up by the first.
        var neighbour = App.BehindProxy("198.51.100.2", language);
        Assert.Equal(HttpStatusCode.OK, (await GuessAsync(neighbour, await neighbour.GetPageAsync("/track"), 0)).StatusCode);
        // Reading the pages uses up nothing.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/track")).StatusCode);
    }

    [Fact]
    public async Task Filing_is_limited_per_citizen_and_the_counter_intake_is_not()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        // An empty description: the form comes back with its error, and the attempt counts.
        var attempt = Samples.Complaint(description: "");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await citizen.PostFormAsync("/sefrou/file", form, attempt)).StatusCode);
        var refused = await citizen.PostFormAsync("/sefrou/file", form, attempt);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // Staff at the counter, from the same address, are trusted: their filings are not counted.
        var clerk = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var intake = await clerk.GetPageAsync("/staff/intake");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await clerk.PostFormAsync("/staff/intake", intake, new Dictionary<string, string>())).StatusCode);
    }

    [Theory]
    [InlineData("fr", "Trop de tentatives", "Trop de requêtes")]
    [InlineData("ar", "محاولات كثيرة جدا", "طلبات كثيرة جدا")]
    public async Task Signing_in_is_limited_per_address_on_the_page_and_the_api(string language, string pageTitle, string problemTitle)
    {
        var browser = App.BehindProxy("198.51.100.7", language);
        // Unknown addresses, so that only this limit (never a member's own throttle) is at work.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.PostLoginAsync($"nobody{i}@example.test", "Wrong-Passw0rd!")).StatusCode);
        var refused = await browser.PostLoginAsync("nobody2@example.test", "Wrong-Passw0rd!");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(pageTitle, (await refused.ParseAsync()).QuerySelector("h1")!.TextContent);

        var api = await browser.LoginAsync("nobody3@example.test", "Wrong-Passw0rd!");
        var problem = await AssertProblemAsync(api);
        Assert.Equal(problemTitle, problem.GetProperty("title").GetString());
        // From another address the same call is answered on its merits.
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.BehindProxy("198.51.100.8", language).LoginAsync("nobody3@example.test", "Wrong-Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task Open311_reads_are_generous_filing_stricter_and_each_refusal_is_an_open311_error()
    {
        var app311 = App.BehindProxy("198.51.100.30", language: null);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await app311.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou")).StatusCode);
        var json = await app311.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou");
        Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
        Assert.NotNull(json.Headers.RetryAfter?.Delta);
        var error = Assert.Single((await json.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(429, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("description").GetString()));
        var xml = await app311.GetAsync("/open311/v2/services.xml?jurisdiction_id=sefrou");
        Assert.Equal(HttpStatusCode.TooManyRequests, xml.StatusCode);
        Assert.Equal("429", XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);

        // Filing has its own, smaller allowance: one request, then 429, while reads go on.
        var filer = App.BehindProxy("198.51.100.31", language: null);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Request(), client: filer)).StatusCode);
        var second = await PostAsync(Request(), client: filer);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(429, (await second.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await filer.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Request(), client: App.BehindProxy("198.51.100.32", null))).StatusCode);
    }

    [Fact]
    public async Task The_staff_api_counts_per_member_even_from_one_address()
    {
        var first = await ApiBehindProxyAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        var second = await ApiBehindProxyAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/complaints")).StatusCode);
        var problem = await AssertProblemAsync(await first.GetAsync("/api/v1/complaints"));
        Assert.Equal("طلبات كثيرة جدا", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/complaints")).StatusCode);
    }

    [Fact]
    public async Task Every_operation_of_the_apis_documents_its_429()
    {
        var document = await App.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var undocumented = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal) || p.Name.StartsWith("/open311/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Operation: $"{o.Name} {p.Name}", o.Value)))
            .Where(o => !o.Value.GetProperty("responses").TryGetProperty("429", out _))
            .Select(o => o.Operation).ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task With_limits_turned_off_nothing_is_refused()
    {
        await using var app = await TestApp.StartAsync(Kind, new(Settings) { ["RateLimiting:Enabled"] = "false" });
        var guesser = app.BehindProxy("198.51.100.50");
        var form = await guesser.GetPageAsync("/track");
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await GuessAsync(guesser, form, i)).StatusCode);
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou")).StatusCode);
    }

    static Task<HttpResponseMessage> GuessAsync(HttpClient client, AngleSharp.Dom.IDocument form, int attempt) =>
        client.PostAsync("/track", GuessContent(form, attempt));

    static HttpContent GuessContent(AngleSharp.Dom.IDocument form, int attempt) => new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = form.Token(),
        ["Reference"] = "SEF-2026-000001",
        ["Code"] = $"GUESS{attempt:D3}",
    });

    // A member's API client behind the proxy, all members at the same address.
    async Task<HttpClient> ApiBehindProxyAsync(StaffMember member, string language)
    {
        var client = App.BehindProxy("198.51.100.40", language);
        var login = await client.LoginAsync(member.Email, member.Password);
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public sealed class OnSqlite() : RateLimitTests(DatabaseKind.Sqlite);
}
