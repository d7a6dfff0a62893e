using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Administration;

// On a platform with no demo data, a new commune reaches its first answered complaint through the staff API and
// Open311 alone: opened from the standard set, staffed, given a category with an extra question and an Open311 key;
// a citizen's application files there, and the commune answers.
public abstract class OnboardingApiTests(DatabaseKind kind) : AppTest(kind)
{
    protected override Dictionary<string, string?> Settings => new() { ["Seed:Demo"] = "false" };

    protected override bool Seeded => false;

    const string Password = "Cedar-snow-terrace-26";

    static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_platform_administrator_brings_a_new_commune_to_its_first_answered_complaint_through_the_api()
    {
        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        Assert.Equal(0, (await JsonAsync(await platform.GetAsync("/api/v1/communes"), HttpStatusCode.OK)).GetArrayLength());

        // The commune, from the standard set of services, categories and districts.
        var commune = await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes", new
        {
            code = "ifrane", nameFr = "Ifrane", nameAr = "إفران", referencePrefix = "IFR", contactEmail = "reclamations@ifrane.test", template = "standard",
        }), HttpStatusCode.Created);
        Assert.Equal("ifrane", commune.GetProperty("code").GetString());
        var services = await JsonAsync(await platform.GetAsync("/api/v1/communes/ifrane/services"), HttpStatusCode.OK);
        Assert.Contains("voirie", services.EnumerateArray().Select(s => s.GetProperty("code").GetString()));

        // Its staff: a cell member and an agent of the roads service.
        await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes/ifrane/users",
            new { email = "cellule@ifrane.test", role = Roles.ComplaintsCell, password = Password }), HttpStatusCode.Created);
        await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes/ifrane/users",
            new { email = "voirie@ifrane.test", role = Roles.ServiceAgent, service = "voirie", password = Password }), HttpStatusCode.Created);
        var staff = await JsonAsync(await platform.GetAsync("/api/v1/communes/ifrane/users"), HttpStatusCode.OK);
        Assert.Equal(["cellule@ifrane.test", "voirie@ifrane.test"], staff.EnumerateArray().Select(u => u.GetProperty("email").GetString()).Order());

        // A category of its own, routed to the roads service, asking which bridge.
        await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes/ifrane/categories", new
        {
            code = "ponts", nameFr = "Ponts et passerelles", nameAr = "القناطر والممرات", service = "voirie",
        }), HttpStatusCode.Created);
        await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes/ifrane/categories/ponts/questions", new
        {
            code = "pont", labelFr = "Quel pont ?", labelAr = "أي قنطرة؟", kind = "choice", required = true,
            choices = new[]
            {
                new { key = "oued", nameFr = "Pont de l'oued", nameAr = "قنطرة الوادي" },
                new { key = "gare", nameFr = "Passerelle de la gare", nameAr = "ممر المحطة" },
            },
        }), HttpStatusCode.Created);

        // An Open311 key for the citizens' application, shown once.
        var issued = await JsonAsync(await platform.PostAsJsonAsync("/api/v1/communes/ifrane/api-keys", new { name = "Application citoyenne" }), HttpStatusCode.Created);
        var key = issued.GetProperty("key").GetString()!;

        // The application reads the definition and files, answering the category's question.
        var citizen = App.CreateClient();
        var definition = await JsonAsync(await citizen.GetAsync("/open311/v2/services/ponts.json?jurisdiction_id=ifrane"), HttpStatusCode.OK);
        var asked = definition.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "pont");
        Assert.True(asked.GetProperty("required").GetBoolean());
        var missing = await citizen.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["jurisdiction_id"] = "ifrane", ["service_code"] = "ponts",
            ["description"] = "Le garde-corps du pont est arraché sur deux mètres.",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var filed = await JsonAsync(await citizen.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["jurisdiction_id"] = "ifrane", ["service_code"] = "ponts",
            ["description"] = "Le garde-corps du pont est arraché sur deux mètres.",
            ["attribute[pont]"] = "oued", ["email"] = "citoyen@example.test",
        })), HttpStatusCode.OK);
        var reference = filed[0].GetProperty("service_request_id").GetString()!;
        Assert.StartsWith("IFR-", reference);

        // The cell reads the answer, qualifies and routes; the agent starts; the cell answers for good.
        var cell = await App.ApiAsync(new StaffMember("", "cellule@ifrane.test", Password, Roles.ComplaintsCell, null));
        var complaint = await JsonAsync(await cell.GetAsync($"/api/v1/complaints/{reference}"), HttpStatusCode.OK);
        var answer = Assert.Single(complaint.GetProperty("answers").EnumerateArray());
        Assert.Equal("oued", answer.GetProperty("value").GetString());
        Assert.Equal("Pont de l'oued", answer.GetProperty("valueLabel").GetString());
        await JsonAsync(await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/qualify", new { admissible = true }), HttpStatusCode.OK);
        await JsonAsync(await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/assign", new { service = "voirie" }), HttpStatusCode.OK);
        var agent = await App.ApiAsync(new StaffMember("", "voirie@ifrane.test", Password, Roles.ServiceAgent, null));
        await JsonAsync(await agent.PostAsJsonAsync($"/api/v1/complaints/{reference}/start", new { }), HttpStatusCode.OK);
        await JsonAsync(await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/responses",
            new { text = "Le garde-corps a été remis en place le jour même.", definitive = true }), HttpStatusCode.OK);

        // The commune's first answered complaint, in its figures and in Open311.
        var answered = await JsonAsync(await cell.GetAsync($"/api/v1/complaints/{reference}"), HttpStatusCode.OK);
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        var stats = await JsonAsync(await platform.GetAsync("/api/v1/communes/ifrane/stats"), HttpStatusCode.OK);
        Assert.Equal(1, stats.GetProperty("definitiveResponse").GetInt32());
        var published = await JsonAsync(await citizen.GetAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=ifrane"), HttpStatusCode.OK);
        Assert.Equal("closed", published[0].GetProperty("status").GetString());
    }

    public sealed class OnSqlite() : OnboardingApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OnboardingApiTests(DatabaseKind.Postgres);
}
