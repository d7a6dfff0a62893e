using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// Behind a TLS reverse proxy the app knows the request is HTTPS: HSTS, Secure cookies named __Host-, links in https;
// headers that only claim it, from an address that is no known proxy, change nothing. The pipeline decides this from
// the connection and headers alone, the same on either database: SQLite only.
public abstract class ForwardedHeadersTests(DatabaseKind kind) : AppTest(kind)
{
    const string Citizen = "198.51.100.23";

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Through_a_known_proxy_over_https_cookies_are_secure_and_host_only_and_signing_in_works(string language)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.BehindProxy(Citizen, language);

        var form = await browser.GetAsync("/sefrou/file");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        AssertStrictTransportSecurity(form);
        AssertSecureHostOnly(Assert.Single(SetCookies(form), c => c.Contains("Antiforgery", StringComparison.Ordinal)));

        var switched = await browser.GetAsync($"/language/{language}?returnUrl=%2F");
        AssertSecureHostOnly(Assert.Single(SetCookies(switched), c => c.Contains(".AspNetCore.Culture", StringComparison.Ordinal)));

        var signedIn = await browser.PostLoginAsync(cell.Email, cell.Password);
        Assert.Equal("/staff", signedIn.Target());
        AssertStrictTransportSecurity(signedIn);
        AssertSecureHostOnly(Assert.Single(SetCookies(signedIn), c => c.StartsWith("__Host-complaints.staff=", StringComparison.Ordinal)));
        // The browser sends back only what it got over https; the app reads its __Host- cookies and the member is in.
        var inbox = await browser.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        var page = await inbox.ParseAsync();
        Assert.Equal(language == "ar" ? "rtl" : "ltr", page.Dir());
        // Signing out deletes the same __Host- cookie, and the session is over.
        var signedOut = await browser.LogoutAsync();
        Assert.Equal("/staff/login", signedOut.Target());
        Assert.Contains(SetCookies(signedOut), c => c.StartsWith("__Host-complaints.staff=;", StringComparison.Ordinal));
        Assert.StartsWith("/staff/login", (await browser.GetAsync("/staff")).Target());
    }

    [Fact]
    public async Task Through_a_known_proxy_links_the_app_writes_are_https()
    {
        var discovery = await App.BehindProxy(Citizen).GetFromJsonAsync<JsonElement>("/open311/discovery.json");
        Assert.Equal($"https://{ProxiedClients.Host}/open311/v2", discovery.GetProperty("endpoints")[0].GetProperty("url").GetString());
        // Signed out, a staff page sends to the sign-in page of the same https site.
        var redirect = await App.BehindProxy(Citizen).GetAsync("/staff");
        Assert.Equal("https", redirect.Headers.Location!.Scheme);
    }

    // Someone who reaches the app's own port and writes the headers a proxy would is answered as what they are:
    // plain http from their own address.
    [Fact]
    public async Task The_same_headers_from_an_unknown_address_are_ignored()
    {
        var caller = App.Direct(IPAddress.Parse("203.0.113.7"), forwardedFor: Citizen);
        var form = await caller.GetAsync("/sefrou/file");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.False(form.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = Assert.Single(SetCookies(form), c => c.Contains("Antiforgery", StringComparison.Ordinal));
        AssertPlain(antiforgery);
        AssertPlain(Assert.Single(SetCookies(await caller.GetAsync("/language/ar?returnUrl=%2F"))));
        var discovery = await caller.GetFromJsonAsync<JsonElement>("/open311/discovery.json");
        Assert.Equal($"http://{ProxiedClients.Host}/open311/v2", discovery.GetProperty("endpoints")[0].GetProperty("url").GetString());
    }

    // Over plain http (dotnet run on localhost) nothing changes: plain names, no Secure, no HSTS, and signing in works.
    [Fact]
    public async Task Over_plain_http_cookies_keep_their_names_and_signing_in_works()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        var signedIn = await browser.PostLoginAsync(cell.Email, cell.Password);
        Assert.False(signedIn.Headers.Contains("Strict-Transport-Security"));
        AssertPlain(Assert.Single(SetCookies(signedIn), c => c.StartsWith("complaints.staff=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
    }

    // A session cookie without the prefix cannot have come from this site over https (a sibling site or a plain-http
    // answer can plant one): over https it opens nothing.
    [Fact]
    public async Task Over_https_a_session_cookie_without_the_host_prefix_is_not_read()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var signedIn = await App.Browser("fr").PostLoginAsync(cell.Email, cell.Password);
        var session = Assert.Single(SetCookies(signedIn), c => c.StartsWith("complaints.staff=", StringComparison.Ordinal)).Split(';')[0];

        var planted = new HttpRequestMessage(HttpMethod.Get, "/staff");
        planted.Headers.Add("Cookie", session);
        Assert.StartsWith("/staff/login", (await App.BehindProxy(Citizen).SendAsync(planted)).Target());
        var prefixed = new HttpRequestMessage(HttpMethod.Get, "/staff");
        prefixed.Headers.Add("Cookie", "__Host-" + session);
        Assert.Equal(HttpStatusCode.OK, (await App.BehindProxy(Citizen).SendAsync(prefixed)).StatusCode);
    }

    [Fact]
    public async Task Only_the_configured_proxies_and_networks_are_believed()
    {
        await using var app = await TestApp.StartAsync(Kind, new()
        {
            ["ForwardedHeaders:KnownProxies"] = "192.0.2.10",
            ["ForwardedHeaders:KnownNetworks"] = "10.20.0.0/16, fd00:20::/32",
        });
        foreach (var proxy in new[] { "192.0.2.10", "10.20.3.4", "fd00:20::7" })
            AssertStrictTransportSecurity(await app.BehindProxy(Citizen, proxy: IPAddress.Parse(proxy)).GetAsync("/"));
        // Loopback is no longer one of them once the list is set.
        foreach (var other in new[] { "127.0.0.1", "::1", "10.21.0.1", "192.0.2.11" })
            Assert.False((await app.BehindProxy(Citizen, proxy: IPAddress.Parse(other)).GetAsync("/")).Headers.Contains("Strict-Transport-Security"), other);
    }

    static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    static IEnumerable<string> Attributes(string setCookie) =>
        setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant());

    // A year at least, and no claim on sibling host names (a commune may have its own).
    static void AssertStrictTransportSecurity(HttpResponseMessage response)
    {
        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        var maxAge = hsts.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.InRange(long.Parse(maxAge["max-age=".Length..], System.Globalization.CultureInfo.InvariantCulture), 31_536_000, long.MaxValue);
        Assert.DoesNotContain("includesubdomains", hsts.ToLowerInvariant());
    }

    static void AssertSecureHostOnly(string setCookie)
    {
        Assert.StartsWith("__Host-", setCookie);
        var attributes = Attributes(setCookie).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    static void AssertPlain(string setCookie)
    {
        Assert.False(setCookie.StartsWith("__", StringComparison.Ordinal), setCookie);
        Assert.DoesNotContain("secure", Attributes(setCookie));
    }

    public sealed class OnSqlite() : ForwardedHeadersTests(DatabaseKind.Sqlite);
}
