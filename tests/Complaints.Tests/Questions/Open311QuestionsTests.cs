using System.Net;
using System.Xml.Linq;
using Complaints.Tests.Api;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Questions;

// An Open311 client meets a category's questions in its service definition, answers them with attribute[code], and
// is refused in Open311's own error format when a required one is missing; the answers never come back out publicly.
public abstract class Open311QuestionsTests(DatabaseKind kind) : Open311Test(kind)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.AddLightingQuestionsAsync();
    }

    [Fact]
    public async Task The_definition_lists_the_questions_after_the_four_attributes_of_every_service()
    {
        var services = await GetJsonAsync("/open311/v2/services.json?jurisdiction_id=sefrou");
        var lighting = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "eclairage-public");
        Assert.True(lighting.GetProperty("metadata").GetBoolean());

        var definition = await GetJsonAsync("/open311/v2/services/eclairage-public.json?jurisdiction_id=sefrou", language: "ar");
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToList();
        Assert.Equal(["kind", "district", "consent_to_publish", "language", "etat", "poteau", "lampes"], attributes.Select(a => a.GetProperty("code").GetString()));
        Assert.Equal([(5, "singlevaluelist", true, "حالة المصباح"), (6, "string", false, "رقم العمود"), (7, "number", false, "عدد المصابيح")],
            attributes.Skip(4).Select(a => (a.GetProperty("order").GetInt32(), a.GetProperty("datatype").GetString(), a.GetProperty("required").GetBoolean(),
                a.GetProperty("description").GetString())));
        Assert.Equal([("eteinte", "منطفئ"), ("clignote", "يومض"), ("allumee-jour", "مشتعل نهارا")],
            attributes[4].GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("key").GetString(), v.GetProperty("name").GetString())));
        Assert.Empty(attributes[5].GetProperty("values").EnumerateArray());

        // A category without questions keeps its four.
        var roads = await GetJsonAsync("/open311/v2/services/voirie.json?jurisdiction_id=sefrou");
        Assert.Equal(4, roads.GetProperty("attributes").GetArrayLength());

        var xml = XDocument.Parse(await App.CreateClient().GetStringAsync("/open311/v2/services/eclairage-public.xml?jurisdiction_id=sefrou"));
        var etat = xml.Root!.Element("attributes")!.Elements("attribute").Single(a => a.Element("code")!.Value == "etat");
        Assert.Equal("État de la lampe", etat.Element("description")!.Value);
        Assert.Equal(3, etat.Element("values")!.Elements("value").Count());
    }

    [Fact]
    public async Task A_request_answers_with_attribute_code_and_the_answers_stay_private()
    {
        var (reference, _) = await FileAsync(Request("sefrou", "eclairage-public",
            ("attribute[etat]", "eteinte"), ("attribute[poteau]", "P-9 devant chez Karim"), ("attribute[lampes]", "2"),
            ("attribute[consent_to_publish]", "true"), ("attribute[inconnu]", "ignoré")));
        Assert.Equal([("etat", "eteinte", "Éteinte"), ("poteau", "P-9 devant chez Karim", null), ("lampes", "2", null)],
            (await App.AnswersAsync(reference)).Select(a => (a.Code, a.Value, a.ValueFr)));

        // Published with consent, the request still carries nothing of what the citizen answered.
        var published = await App.CreateClient().GetStringAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou");
        Assert.Contains("nid-de-poule", published);
        Assert.DoesNotContain("Karim", published);
        Assert.DoesNotContain("eteinte", published);
    }

    [Fact]
    public async Task A_missing_required_answer_or_a_bad_value_is_refused_naming_the_attribute()
    {
        var missing = await PostAsync(Request("sefrou", "eclairage-public", ("attribute[poteau]", "P-9")));
        var body = await GetErrorsAsync(missing);
        Assert.Equal("attribute[etat] is required", ErrorDescription(body, 400));

        var bad = await PostAsync(Request("sefrou", "eclairage-public", ("attribute[etat]", "cassee"), ("attribute[lampes]", "beaucoup"), ("attribute[kind]", "plainte")));
        var descriptions = (await GetErrorsAsync(bad)).EnumerateArray().Select(e => e.GetProperty("description").GetString()).ToList();
        Assert.Equal(["attribute[kind] must be observation, suggestion or complaint", "attribute[etat] must be one of the values the service definition lists",
            "attribute[lampes] must be a number"], descriptions);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    static async Task<System.Text.Json.JsonElement> GetErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public sealed class OnSqlite() : Open311QuestionsTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311QuestionsTests(DatabaseKind.Postgres);
}
