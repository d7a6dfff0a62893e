using System.Net;
using System.Net.Sockets;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Hosting;

// Where the site listens, started as its own process (the test server has no address): on the port a container
// image names in ASPNETCORE_HTTP_PORTS (Microsoft's aspnet images and deploy/base-image.sh set 8080), not on
// localhost:5080, which no one outside the container could reach. The database plays no part: SQLite only.
public sealed class ListeningTests
{
    [Fact]
    public async Task The_port_a_container_image_names_in_ASPNETCORE_HTTP_PORTS_is_the_one_listened_on()
    {
        var port = FreePort();
        await using var site = SiteProcess.Program(new() { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "Development", anyPort: false);
        // The site says where it listens once it does; a site that stops first says nothing of the kind.
        Assert.Equal(port, (await site.ListeningAsync()).Port);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/health/live")).StatusCode);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
