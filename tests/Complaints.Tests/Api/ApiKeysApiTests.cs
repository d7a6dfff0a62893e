using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// /api/v1/communes/{code}/api-keys: a commune's Open311 keys through the staff API (CONTRACT section 6b).
public abstract class ApiKeysApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    async Task<HttpClient> AdminAsync(string commune = "sefrou") =>
        await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true));

    static async Task<JsonElement> IssueAsync(HttpClient admin, string name, string commune = "sefrou")
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/communes/{commune}/api-keys", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    Task<HttpResponseMessage> FileAsync(string key, string commune = "sefrou") =>
        App.CreateClient().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["jurisdiction_id"] = commune, ["service_code"] = "voirie",
            ["description"] = "Un nid-de-poule profond devant l'école primaire.", ["lat"] = "33.83", ["long"] = "-4.835",
        }));

    [Fact]
    public async Task Issued_listed_without_the_key_and_revoked_at_once()
    {
        var admin = await AdminAsync();
        var issued = await IssueAsync(admin, "Portail citoyen");
        Assert.Equal(["id", "name", "key"], issued.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Portail citoyen", issued.GetProperty("name").GetString());
        var key = issued.GetProperty("key").GetString()!;
        var id = issued.GetProperty("id").GetInt32();
        Assert.True(key.Length >= 40);

        Assert.Equal(HttpStatusCode.OK, (await FileAsync(key)).StatusCode);
        var listResponse = await admin.GetAsync("/api/v1/communes/sefrou/api-keys");
        Assert.DoesNotContain(key, await listResponse.Content.ReadAsStringAsync());
        var item = Assert.Single((await OkAsync(listResponse)).EnumerateArray());
        Assert.Equal(["id", "name", "createdAt", "lastUsedAt", "revoked"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, item.GetProperty("id").GetInt32());
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, item.GetProperty("createdAt").GetDateTime().ToUniversalTime());
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, item.GetProperty("lastUsedAt").GetDateTime().ToUniversalTime());
        Assert.False(item.GetProperty("revoked").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await FileAsync(key)).StatusCode);
        Assert.True(Assert.Single((await OkAsync(await admin.GetAsync("/api/v1/communes/sefrou/api-keys"))).EnumerateArray()).GetProperty("revoked").GetBoolean());
        // Revoking again changes nothing; a key that is not there is 404.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{id}")).StatusCode);
        await ProblemAsync(await admin.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{id + 1000}"), HttpStatusCode.NotFound);

        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("api-key")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([AuditActions.ApiKeyIssued, AuditActions.ApiKeyRevoked], audit);
    }

    [Fact]
    public async Task A_key_files_only_in_the_commune_it_was_issued_for()
    {
        var key = (await IssueAsync(await AdminAsync(), "Portail")).GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await FileAsync(key, "kenitra")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FileAsync(key)).StatusCode);
    }

    [Fact]
    public async Task The_platform_administrator_manages_every_communes_keys()
    {
        var sefrouKey = (await IssueAsync(await AdminAsync(), "Portail")).GetProperty("id").GetInt32();
        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        var issued = await IssueAsync(platform, "Portail régional", "kenitra");
        Assert.Equal(HttpStatusCode.OK, (await FileAsync(issued.GetProperty("key").GetString()!, "kenitra")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await platform.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{sefrouKey}")).StatusCode);
        // A key is revoked through its own commune only.
        await ProblemAsync(await platform.DeleteAsync($"/api/v1/communes/kenitra/api-keys/{sefrouKey}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell)]
    [InlineData(Roles.Observer)]
    public async Task Staff_of_the_commune_who_do_not_administer_it_get_403(string role)
    {
        var id = (await IssueAsync(await AdminAsync(), "Portail")).GetProperty("id").GetInt32();
        var member = await App.ApiAsync(await App.CreateAsync(role));
        await ProblemAsync(await member.GetAsync("/api/v1/communes/sefrou/api-keys"), HttpStatusCode.Forbidden);
        await ProblemAsync(await member.PostAsJsonAsync("/api/v1/communes/sefrou/api-keys", new { name = "Intrus" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await member.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{id}"), HttpStatusCode.Forbidden);
        Assert.False(await App.WithDbAsync(db => db.ApiKeys.AnyAsync(k => k.Name == "Intrus" || k.Revoked)));
    }

    [Fact]
    public async Task An_administrator_of_another_commune_gets_404()
    {
        var id = (await IssueAsync(await AdminAsync(), "Portail")).GetProperty("id").GetInt32();
        var kenitra = await AdminAsync("kenitra");
        await ProblemAsync(await kenitra.GetAsync("/api/v1/communes/sefrou/api-keys"), HttpStatusCode.NotFound);
        await ProblemAsync(await kenitra.PostAsJsonAsync("/api/v1/communes/sefrou/api-keys", new { name = "Intrus" }), HttpStatusCode.NotFound);
        await ProblemAsync(await kenitra.DeleteAsync($"/api/v1/communes/sefrou/api-keys/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await kenitra.DeleteAsync($"/api/v1/communes/kenitra/api-keys/{id}"), HttpStatusCode.NotFound);
        Assert.False(await App.WithDbAsync(db => db.ApiKeys.AnyAsync(k => k.Name == "Intrus" || k.Revoked)));
    }

    [Fact]
    public async Task A_missing_or_too_long_name_is_named()
    {
        var admin = await AdminAsync();
        await InvalidAsync(await admin.PostAsJsonAsync("/api/v1/communes/sefrou/api-keys", new { name = " " }), "name");
        await InvalidAsync(await admin.PostAsJsonAsync("/api/v1/communes/sefrou/api-keys", new { name = new string('x', 201) }), "name");
        Assert.False(await App.WithDbAsync(db => db.ApiKeys.AnyAsync(k => k.CommuneId != null)));
    }

    public sealed class OnSqlite() : ApiKeysApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ApiKeysApiTests(DatabaseKind.Postgres);
}
