using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Security;

// What a browser is told on every kind of answer, and what the site never serves. The request pipeline decides it,
// the same on either database: SQLite only.
public abstract class ResponseHeadersTests(DatabaseKind kind) : AppTest(kind)
{
    // One of each kind of answer: pages, a 404 page, a redirect to sign in, JSON, XML, problem details, health, a static file.
    static readonly (string Url, HttpStatusCode Status)[] Answers =
    [
        ("/", HttpStatusCode.OK),
        ("/sefrou/file", HttpStatusCode.OK),
        ("/no-such-page", HttpStatusCode.NotFound),
        ("/staff", HttpStatusCode.Redirect),
        ("/api/v1/public/stats?from=2026-01-01&to=2026-12-31", HttpStatusCode.OK),
        ("/open311/v2/services.xml?jurisdiction_id=sefrou", HttpStatusCode.OK),
        ("/open311/v2/services.json", HttpStatusCode.BadRequest),
        ("/api/v1/complaints", HttpStatusCode.Unauthorized),
        ("/health/live", HttpStatusCode.OK),
        ("/css/site.css", HttpStatusCode.OK),
        ("/js/site.js", HttpStatusCode.OK),
    ];

    [Fact]
    public async Task Every_kind_of_answer_carries_the_browser_protections()
    {
        var client = App.Browser("fr");
        foreach (var (url, status) in Answers)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            // Only this site's scripts, no plugin, no <base> rewriting links, and no framing by another site.
            var policy = Header(response, "Content-Security-Policy");
            foreach (var directive in new[] { "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'" })
                Assert.True(policy.Contains(directive, StringComparison.Ordinal), $"{url}: {policy}");
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
        }
    }

    [Fact]
    public async Task Every_body_names_its_type_and_text_its_character_set()
    {
        var client = App.Browser("fr");
        foreach (var (url, _) in Answers)
        {
            var response = await client.GetAsync(url);
            if ((await response.Content.ReadAsByteArrayAsync()).Length == 0)
                continue;
            var type = response.Content.Headers.ContentType;
            Assert.True(type?.MediaType is not null, $"{url} has a body without a type");
            if (type!.MediaType!.StartsWith("text/", StringComparison.Ordinal) || type.MediaType.EndsWith("xml", StringComparison.Ordinal))
                Assert.True(string.Equals(type.CharSet, "utf-8", StringComparison.OrdinalIgnoreCase), $"{url}: {type}");
        }
    }

    // No CORS: another site's script never reads an answer, whatever Origin it sends.
    [Fact]
    public async Task Another_origin_is_never_allowed_to_read_an_answer()
    {
        var client = App.Browser("fr");
        foreach (var (method, url) in new[] { (HttpMethod.Get, "/api/v1/public/stats"), (HttpMethod.Options, "/api/v1/complaints"), (HttpMethod.Get, "/open311/v2/services.json?jurisdiction_id=sefrou") })
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("Origin", "https://evil.example");
            request.Headers.Add("Access-Control-Request-Method", "POST");
            var response = await client.SendAsync(request);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), url);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"), url);
        }
    }

    [Fact]
    public async Task Trace_echoes_nothing_back()
    {
        var client = App.Browser("fr");
        foreach (var url in new[] { "/", "/staff/login", "/api/v1/complaints" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Trace, url);
            request.Headers.Add("X-Secret", "trace-me");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
            Assert.DoesNotContain("trace-me", await response.Content.ReadAsStringAsync());
        }
    }

    // No folder listing, no source control, configuration or compiled code: only wwwroot's files and the routes.
    [Fact]
    public async Task Nothing_but_the_sites_own_files_is_served()
    {
        var client = App.Browser("fr");
        foreach (var url in new[]
                 {
                     "/css/", "/lib/", "/.git/config", "/.git/HEAD", "/appsettings.json", "/Complaints.Web.dll", "/Program.cs",
                     "/css/../appsettings.json", "/css/%2e%2e/appsettings.json", "/web.config", "/Pages/Track.cshtml",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("ConnectionStrings", body);
            Assert.DoesNotContain("Index of", body);
        }
    }

    static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    public sealed class OnSqlite() : ResponseHeadersTests(DatabaseKind.Sqlite);
}
