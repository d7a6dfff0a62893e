using System.Net;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

// The discovery document in both formats. Built from configuration alone, it reads nothing from the database: SQLite only.
public abstract class Open311DiscoveryTests(DatabaseKind kind) : Open311Test(kind)
{
    [Fact]
    public async Task Discovery_in_json_points_to_the_v2_endpoint()
    {
        var discovery = await GetJsonAsync("/open311/discovery.json");
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("changeset").GetString()));
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("contact").GetString()));
        var endpoint = Assert.Single(discovery.GetProperty("endpoints").EnumerateArray());
        Assert.Equal("http://localhost/open311/v2", endpoint.GetProperty("url").GetString());
        Assert.Equal("production", endpoint.GetProperty("type").GetString());
        Assert.Equal(["application/json", "text/xml"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Discovery_in_xml_follows_the_georeport_layout()
    {
        var response = await App.CreateClient().GetAsync("/open311/discovery.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("discovery", xml.Root!.Name);
        var endpoint = Assert.Single(xml.Root.Element("endpoints")!.Elements("endpoint"));
        Assert.Equal("http://localhost/open311/v2", endpoint.Element("url")!.Value);
        Assert.Equal(["application/json", "text/xml"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));
    }

    public sealed class OnSqlite() : Open311DiscoveryTests(DatabaseKind.Sqlite);
}
