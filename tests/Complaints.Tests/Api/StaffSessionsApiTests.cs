using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// POST /api/v1/users/{id}/sessions/end and POST /api/v1/sessions/end-all: what the users page's buttons do, over the API.
public abstract class StaffSessionsApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    static async Task<bool> StandsAsync(HttpClient api) => (await api.GetAsync("/api/v1/complaints")).StatusCode == HttpStatusCode.OK;

    static Task<HttpResponseMessage> EndAsync(HttpClient client, string id) => client.PostAsync($"/api/v1/users/{id}/sessions/end", null);

    [Fact]
    public async Task An_administrator_ends_one_member_s_tokens_within_the_reach_of_a_change()
    {
        var me = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var admin = await App.ApiAsync(me);
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var agentApi = await App.ApiAsync(agent);
        var elsewhere = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie"), "ar");
        var kenitra = await App.CreateAsync(Roles.Observer, "kenitra");
        var platform = await App.PlatformAdminAsync();

        var ended = await EndAsync(admin, agent.Id);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.False(await StandsAsync(agentApi));
        Assert.True(await StandsAsync(await App.ApiAsync(agent)));
        Assert.Equal(agent.Email, (await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.SessionsEnded))).Details);

        await ProblemAsync(await EndAsync(admin, kenitra.Id), HttpStatusCode.NotFound);
        await ProblemAsync(await EndAsync(admin, platform.Id), HttpStatusCode.NotFound);
        await ProblemAsync(await EndAsync(admin, "no-such-member"), HttpStatusCode.NotFound);
        await InvalidAsync(await EndAsync(admin, me.Id), "user");
        var refused = await ProblemAsync(await EndAsync(elsewhere, kenitra.Id), HttpStatusCode.Forbidden);
        Assert.False(string.IsNullOrWhiteSpace(refused.GetProperty("detail").GetString()));
        Assert.True(await StandsAsync(admin));
        Assert.True(await StandsAsync(elsewhere));
    }

    [Fact]
    public async Task Only_the_platform_administrator_ends_every_token_at_once_their_own_included()
    {
        var communeAdmin = await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var cell = await CellAsync("kenitra");
        var platform = await App.ApiAsync(await App.PlatformAdminAsync());

        await ProblemAsync(await communeAdmin.PostAsync("/api/v1/sessions/end-all", null), HttpStatusCode.Forbidden);
        await ProblemAsync(await cell.PostAsync("/api/v1/sessions/end-all", null), HttpStatusCode.Forbidden);
        Assert.True(await StandsAsync(cell));

        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostAsync("/api/v1/sessions/end-all", null)).StatusCode);
        Assert.False(await StandsAsync(communeAdmin));
        Assert.False(await StandsAsync(cell));
        Assert.False(await StandsAsync(platform));
        Assert.Single(await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.AllSessionsEnded).ToListAsync()));
    }

    [Fact]
    public async Task Both_operations_are_in_the_OpenAPI_document_with_their_refusals()
    {
        var document = await (await App.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();
        string[] Statuses(string path) =>
            [.. document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        foreach (var status in new[] { "204", "400", "403", "404" })
            Assert.Contains(status, Statuses("/api/v1/users/{id}/sessions/end"));
        foreach (var status in new[] { "204", "403" })
            Assert.Contains(status, Statuses("/api/v1/sessions/end-all"));
    }

    public sealed class OnSqlite() : StaffSessionsApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffSessionsApiTests(DatabaseKind.Postgres);
}
