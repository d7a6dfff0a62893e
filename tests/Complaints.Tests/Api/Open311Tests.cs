using System.Net;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

// Services and their definitions, and the error bodies, in both formats.
public abstract class Open311Tests(DatabaseKind kind) : Open311Test(kind)
{
    static readonly string[] DemoCategories =
        ["eclairage-public", "voirie", "proprete", "espaces-verts", "urbanisme", "etat-civil", "autre"];

    [Fact]
    public async Task Services_of_sefrou_are_its_seven_categories_in_french_by_default()
    {
        var services = await GetJsonAsync("/open311/v2/services.json?jurisdiction_id=sefrou");
        Assert.Equal(DemoCategories, services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        var lighting = services[0];
        Assert.Equal("Éclairage public", lighting.GetProperty("service_name").GetString());
        Assert.StartsWith("Lampadaire", lighting.GetProperty("description").GetString());
        Assert.True(lighting.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", lighting.GetProperty("type").GetString());
        Assert.Equal("Service de l'éclairage public", lighting.GetProperty("group").GetString());
    }

    [Fact]
    public async Task Services_are_named_in_arabic_when_the_client_prefers_it()
    {
        var services = await GetJsonAsync("/open311/v2/services.json?jurisdiction_id=sefrou", language: "ar");
        Assert.Equal("الإنارة العمومية", services[0].GetProperty("service_name").GetString());
        Assert.Equal("مصلحة الإنارة العمومية", services[0].GetProperty("group").GetString());
    }

    [Fact]
    public async Task Services_in_xml_list_every_category()
    {
        var response = await App.CreateClient().GetAsync("/open311/v2/services.xml?jurisdiction_id=el-jadida");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("services", xml.Root!.Name);
        Assert.Equal(DemoCategories, xml.Root.Elements("service").Select(s => s.Element("service_code")!.Value));
        Assert.Equal("true", xml.Root.Element("service")!.Element("metadata")!.Value);
    }

    [Fact]
    public async Task A_service_definition_offers_kind_district_consent_and_language()
    {
        var definition = await GetJsonAsync("/open311/v2/services/voirie.json?jurisdiction_id=sefrou");
        Assert.Equal("voirie", definition.GetProperty("service_code").GetString());
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!);
        Assert.Equal(["kind", "district", "consent_to_publish", "language"], attributes.Keys);
        Assert.All(attributes.Values, a => Assert.Equal("singlevaluelist", a.GetProperty("datatype").GetString()));
        string[] Keys(string code) => attributes[code].GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToArray();
        Assert.Equal(["observation", "suggestion", "complaint"], Keys("kind"));
        Assert.Equal(["d1", "d2", "d3", "d4"], Keys("district"));
        Assert.Equal("Médina", attributes["district"].GetProperty("values")[0].GetProperty("name").GetString());
        Assert.Equal(["true", "false"], Keys("consent_to_publish"));
        Assert.Equal(["fr", "ar"], Keys("language"));
    }

    [Fact]
    public async Task A_service_definition_in_xml_has_attributes_with_values()
    {
        var response = await App.CreateClient().GetAsync("/open311/v2/services/proprete.xml?jurisdiction_id=safi");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("service_definition", xml.Root!.Name);
        var kind = xml.Root.Element("attributes")!.Elements("attribute").Single(a => a.Element("code")!.Value == "kind");
        Assert.Equal(["observation", "suggestion", "complaint"], kind.Element("values")!.Elements("value").Select(v => v.Element("key")!.Value));
        Assert.Equal("false", kind.Element("required")!.Value);
    }

    [Fact]
    public async Task Jurisdiction_missing_is_400_unknown_is_404()
    {
        Assert.Contains("jurisdiction_id", ErrorDescription(await GetJsonAsync("/open311/v2/services.json", HttpStatusCode.BadRequest), 400));
        Assert.Contains("atlantis", ErrorDescription(await GetJsonAsync("/open311/v2/services.json?jurisdiction_id=atlantis", HttpStatusCode.NotFound), 404));
        ErrorDescription(await GetJsonAsync("/open311/v2/requests.json?jurisdiction_id=atlantis", HttpStatusCode.NotFound), 404);
    }

    [Fact]
    public async Task An_unknown_service_code_or_format_is_404()
    {
        Assert.Contains("parking", ErrorDescription(
            await GetJsonAsync("/open311/v2/services/parking.json?jurisdiction_id=sefrou", HttpStatusCode.NotFound), 404));
        ErrorDescription(await GetJsonAsync("/open311/v2/services.csv?jurisdiction_id=sefrou", HttpStatusCode.NotFound), 404);
        ErrorDescription(await GetJsonAsync("/open311/discovery.html", HttpStatusCode.NotFound), 404);
    }

    [Fact]
    public async Task Errors_in_xml_are_an_errors_document()
    {
        var response = await App.CreateClient().GetAsync("/open311/v2/services/parking.xml?jurisdiction_id=sefrou");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("errors", xml.Root!.Name);
        var error = Assert.Single(xml.Root.Elements("error"));
        Assert.Equal("404", error.Element("code")!.Value);
        Assert.Contains("parking", error.Element("description")!.Value);

        var missing = await App.CreateClient().GetAsync("/open311/v2/requests.xml");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("400", XDocument.Parse(await missing.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);
    }

    public sealed class OnSqlite() : Open311Tests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311Tests(DatabaseKind.Postgres);
}
