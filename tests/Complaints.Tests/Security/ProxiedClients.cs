using System.Net;
using Complaints.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Complaints.Tests.Security;

// Clients as the app meets them in production: a browser behind nginx on the same host (127.0.0.1, a known proxy by
// default), which ends TLS and passes each request on over http with the client's address and scheme; or a caller
// that reaches the app's own port from an address of its own, writing whatever headers it likes.
public static class ProxiedClients
{
    public const string Host = "plaintes.example.ma";

    // A browser at `client` speaking https to the proxy at `proxy`; its cookies are kept as the browser keeps them
    // for https://plaintes.example.ma, so a Secure one is sent back.
    public static HttpClient BehindProxy(this TestApp app, string client, string? language = "fr", IPAddress? proxy = null)
    {
        var connection = proxy ?? IPAddress.Loopback;
        var browser = new HttpClient(new CookieContainerHandler(new CookieContainer())
        {
            InnerHandler = new TlsTerminatingProxy(client) { InnerHandler = app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = connection) },
        })
        { BaseAddress = new Uri($"https://{Host}/") };
        if (language is not null)
            browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return browser;
    }

    // A caller connected from `address` itself over http, with forwarded headers of its own making.
    public static HttpClient Direct(this TestApp app, IPAddress address, string forwardedFor, string forwardedProto = "https")
    {
        var caller = new HttpClient(new CookieContainerHandler(new CookieContainer())
        {
            InnerHandler = app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = address),
        })
        { BaseAddress = new Uri($"http://{Host}/") };
        caller.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        caller.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        caller.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        return caller;
    }

    // What nginx does with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; X-Forwarded-Proto $scheme;
    // Host $host`: the address it saw is appended to any the client wrote itself.
    sealed class TlsTerminatingProxy(string client) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var outside = request.RequestUri!;
            var written = request.Headers.TryGetValues("X-Forwarded-For", out var values) ? string.Join(", ", values) + ", " : "";
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.Add("X-Forwarded-For", written + client);
            request.Headers.Add("X-Forwarded-Proto", outside.Scheme);
            request.Headers.Host = outside.Host;
            request.RequestUri = new UriBuilder(outside) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri;
            var response = await base.SendAsync(request, ct);
            // The browser only ever saw https.
            request.RequestUri = outside;
            return response;
        }
    }
}
