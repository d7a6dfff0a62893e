using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Net.Http.Headers;

namespace Complaints.Web.Hosting;

// Behind a TLS reverse proxy (docs/security.md, "Behind a reverse proxy"): the client's address and scheme come from
// X-Forwarded-For and X-Forwarded-Proto, believed only from the configured proxies. Once a request is known to be
// HTTPS, browsers are told to keep to HTTPS (HSTS) and every cookie is Secure and named __Host-; over plain http
// (development on localhost) cookies keep their plain names and work as before.
public static class TransportSecurity
{
    const string HostPrefix = "__Host-";
    const string SecurePrefix = "__Secure-";

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, config) =>
        {
            // Host stays the one the client asked for: the proxy passes it on (proxy_set_header Host), and a forwarded
            // one would let any caller of a trusted proxy choose the commune a host name opens and the links sent out.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in List(config, "ForwardedHeaders:KnownProxies", "127.0.0.1,::1"))
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in List(config, "ForwardedHeaders:KnownNetworks", ""))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
            // A chain of trusted proxies (a load balancer, then nginx) is walked back to the first address none of
            // them vouches for: that one is the client, whatever it wrote in the header itself.
            o.ForwardLimit = null;
        });
        // A year, renewed on every answer. Not includeSubDomains: a commune may be served under its own host name, and
        // the platform's domain may hold other sites this one cannot speak for.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.OnAppendCookie = c => c.CookieName = Prefixed(c.Context, c.CookieName, c.CookieOptions);
            o.OnDeleteCookie = c => c.CookieName = Prefixed(c.Context, c.CookieName, c.CookieOptions);
        });
        return services;
    }

    // First in the pipeline, so that everything after it (HSTS, cookies, rate limits, links) sees the client.
    // HSTS itself (AddHsts above) is sent with the other security headers, in Program.cs.
    public static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.Use((http, next) =>
        {
            if (http.Request.IsHttps)
                ReadPrefixedCookies(http.Request);
            return next(http);
        });
        return app.UseCookiePolicy();
    }

    // Over HTTPS a cookie is sent as __Host-name (this host only, path /, Secure: no sibling site nor plain-http
    // answer can set or replace it), or __Secure-name when it has another path or a domain.
    static string Prefixed(HttpContext http, string name, CookieOptions options) =>
        !http.Request.IsHttps || name.StartsWith(HostPrefix, StringComparison.Ordinal) || name.StartsWith(SecurePrefix, StringComparison.Ordinal) ? name
        : options.Domain is null && (options.Path ?? "/") == "/" ? HostPrefix + name
        : SecurePrefix + name;

    // What the browser sends back as __Host-name is read under its plain name by Identity, antiforgery, the language
    // and the citizen's access; a plain-named cookie over HTTPS was not set by this site over HTTPS and is ignored.
    static void ReadPrefixedCookies(HttpRequest request)
    {
        var kept = new List<string>();
        CookieHeaderValue.TryParseList(request.Headers.Cookie, out var cookies);
        foreach (var cookie in cookies ?? [])
        {
            var name = cookie.Name.Value ?? "";
            var plain = name.StartsWith(HostPrefix, StringComparison.Ordinal) ? name[HostPrefix.Length..]
                : name.StartsWith(SecurePrefix, StringComparison.Ordinal) ? name[SecurePrefix.Length..]
                : null;
            if (plain is { Length: > 0 })
                kept.Add(new CookieHeaderValue(plain, cookie.Value).ToString());
        }
        request.Headers.Cookie = string.Join("; ", kept);
    }

    // A comma-separated list, as an environment variable carries it, or a JSON array in appsettings.
    static IEnumerable<string> List(IConfiguration config, string key, string defaults)
    {
        var section = config.GetSection(key);
        var values = section.Value is { } text ? text.Split(',') : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        if (section.Value is null && values.Length == 0)
            values = defaults.Split(',');
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }
}
