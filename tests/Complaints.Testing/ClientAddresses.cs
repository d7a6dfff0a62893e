using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Complaints.Tests.Infrastructure;

// The in-memory test server gives no client address. A test names one per request in this header, and the test
// host copies it into Connection.RemoteIpAddress ahead of the app's whole pipeline, where Kestrel (or the forwarded
// headers behind a proxy) would have put it. The header never reaches the app.
public sealed class ClientAddresses : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, rest) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var named) && IPAddress.TryParse(named.ToString(), out var address))
                http.Connection.RemoteIpAddress = address;
            http.Request.Headers.Remove(Header);
            return rest(http);
        });
        next(app);
    };
}

public static class ClientAddressExtensions
{
    // Every request of this client comes from that address.
    public static HttpClient From(this HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Remove(ClientAddresses.Header);
        client.DefaultRequestHeaders.Add(ClientAddresses.Header, address);
        return client;
    }
}
