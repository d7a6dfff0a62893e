using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// docs/life-cycle-and-roles.md, Roles: each role and commune sees and does only its own share, on every endpoint;
// outside it the API answers 403 or 404 and never the data.
public abstract class StaffIsolationApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    // Every move with a body that would be accepted, so only the caller's rights can refuse it.
    static readonly (string Move, object? Body)[] Moves =
    [
        ("qualify", new { admissible = true }),
        ("qualify", new { admissible = false, reason = "unclear" }),
        ("assign", new { service = "voirie" }),
        ("notes", new { text = "Note interne." }),
        ("responses", new { text = "Message au citoyen.", definitive = false }),
        ("responses", new { text = "Réponse définitive.", definitive = true }),
        ("proposals", new { text = "Proposition.", definitive = true }),
        ("information-requests", new { text = "Une précision ?" }),
        ("category", new { category = "voirie" }),
        ("start", null),
        ("close", new { reason = "Fin." }),
        ("reopen", new { reason = "Contesté." }),
    ];

    async Task<int> VersionAsync(string reference) =>
        await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference).Select(c => c.Version).SingleAsync());

    async Task<int> AuditCountAsync() => await App.WithDbAsync(db => db.AuditEntries.CountAsync());

    [Fact]
    public async Task A_cell_agent_of_another_commune_gets_404_and_never_the_data_on_read_and_on_every_move()
    {
        var sefrou = await CellAsync("sefrou");
        var kenitra = await CellAsync("kenitra");
        var reference = (await IntakeAsync(sefrou)).Reference;
        var version = await VersionAsync(reference);
        var audits = await AuditCountAsync();

        var read = await kenitra.GetAsync($"/api/v1/complaints/{reference}");
        var problem = await ProblemAsync(read, HttpStatusCode.NotFound);
        Assert.DoesNotContain("Lampadaire", problem.GetRawText());
        Assert.DoesNotContain("Bennani", problem.GetRawText());
        foreach (var (move, body) in Moves)
        {
            var response = await MoveAsync(kenitra, reference, move, body);
            var refused = await ProblemAsync(response, HttpStatusCode.NotFound);
            Assert.False(refused.TryGetProperty("allowedMoves", out _), move);
        }
        Assert.Equal(version, await VersionAsync(reference));
        Assert.Equal(audits, await AuditCountAsync());
    }

    [Fact]
    public async Task A_cell_agents_list_never_holds_another_communes_complaints()
    {
        var sefrou = await CellAsync("sefrou");
        var kenitra = await CellAsync("kenitra");
        var theirs = await IntakeAsync(sefrou);
        await IntakeAsync(sefrou, category: "voirie", description: "Nid-de-poule route de Fès, très dangereux.");
        var ours = await IntakeAsync(kenitra, commune: "kenitra", complainant: new { firstName = "Salma", lastName = "Idrissi" });

        var list = await ListAsync(kenitra);
        Assert.Equal([ours.Reference], References(list));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Empty(References(await ListAsync(kenitra, $"?q={theirs.Reference}")));
        Assert.Empty(References(await ListAsync(kenitra, "?q=Bennani&status=received,assigned")));
        await InvalidAsync(await kenitra.GetAsync("/api/v1/complaints?commune=sefrou"), "commune");
    }

    [Fact]
    public async Task A_cell_agent_cannot_file_for_another_commune()
    {
        var kenitra = await CellAsync("kenitra");
        var response = await kenitra.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel = "counter", description = "Nid-de-poule devant la mairie.",
        });
        await InvalidAsync(response, "commune");
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_service_agent_sees_only_what_is_assigned_to_their_service_even_in_their_commune()
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var mine = await AssignedAsync(cell, category: "eclairage-public");
        var voirie = await AssignedAsync(cell, category: "voirie", description: "Nid-de-poule devant l'école primaire.");
        var unassigned = (await IntakeAsync(cell, description: "Lampadaire qui clignote toute la nuit.")).Reference;

        Assert.Equal([mine], References(await ListAsync(agent)));
        Assert.Equal(1, (await ListAsync(agent)).GetProperty("total").GetInt32());
        await GetComplaintAsync(agent, mine);
        foreach (var other in new[] { voirie, unassigned })
        {
            await ProblemAsync(await agent.GetAsync($"/api/v1/complaints/{other}"), HttpStatusCode.NotFound);
            foreach (var (move, body) in Moves)
                await ProblemAsync(await MoveAsync(agent, other, move, body), HttpStatusCode.NotFound);
        }
        Assert.Empty(References(await ListAsync(agent, "?service=voirie")));
    }

    [Theory]
    [InlineData("assign")]
    [InlineData("responses")]
    [InlineData("close")]
    [InlineData("qualify")]
    [InlineData("reopen")]
    [InlineData("category")]
    public async Task A_service_agent_gets_403_for_moves_their_role_may_not_make(string move)
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var reference = await AssignedAsync(cell);
        var version = await VersionAsync(reference);
        foreach (var (_, body) in Moves.Where(m => m.Move == move))
        {
            var problem = await ProblemAsync(await MoveAsync(agent, reference, move, body), HttpStatusCode.Forbidden);
            Assert.Equal("Votre rôle ne permet pas cette action.", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(version, await VersionAsync(reference));
    }

    [Fact]
    public async Task A_service_agent_is_offered_only_the_moves_of_a_service()
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var reference = await AssignedAsync(cell);
        var c = await GetComplaintAsync(agent, reference);
        Assert.Equal(["propose", "request_information", "start"], Strings(c.GetProperty("allowedMoves")).Order());
        Assert.Equal("Bennani", c.GetProperty("complainant").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task A_service_agent_cannot_file_at_the_counter()
    {
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var response = await agent.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel = "counter", description = "Nid-de-poule devant la mairie.",
        });
        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task An_observer_reads_complaints_without_the_complainant_and_changes_nothing()
    {
        var cell = await CellAsync();
        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer));
        var received = (await IntakeAsync(cell)).Reference;
        var assigned = await AssignedAsync(cell, category: "voirie", description: "Nid-de-poule devant l'école primaire.");

        var list = await ListAsync(observer);
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain("Bennani", list.GetRawText());
        foreach (var reference in new[] { received, assigned })
        {
            var c = await GetComplaintAsync(observer, reference);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("complainant").ValueKind);
            Assert.Empty(Strings(c.GetProperty("allowedMoves")));
            var version = await VersionAsync(reference);
            foreach (var (move, body) in Moves)
                await ProblemAsync(await MoveAsync(observer, reference, move, body), HttpStatusCode.Forbidden);
            Assert.Equal(version, await VersionAsync(reference));
        }

        var intake = await observer.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel = "counter", description = "Nid-de-poule devant la mairie.",
        });
        await ProblemAsync(intake, HttpStatusCode.Forbidden);
        Assert.Equal(2, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task The_platform_administrator_sees_every_commune()
    {
        var sefrou = await IntakeAsync(await CellAsync("sefrou"));
        var kenitra = await IntakeAsync(await CellAsync("kenitra"), commune: "kenitra");
        var admin = await App.ApiAsync(await App.PlatformAdminAsync());

        Assert.Equal(["KEN-2026-000001", "SEF-2026-000001"], References(await ListAsync(admin, "?sort=reference")));
        Assert.Equal(2, (await ListAsync(admin)).GetProperty("total").GetInt32());
        Assert.Equal([kenitra.Reference], References(await ListAsync(admin, "?commune=kenitra")));
        Assert.Equal("kenitra", (await GetComplaintAsync(admin, kenitra.Reference)).GetProperty("commune").GetString());
        Assert.Equal("sefrou", (await GetComplaintAsync(admin, sefrou.Reference)).GetProperty("commune").GetString());
        await OkAsync(await MoveAsync(admin, kenitra.Reference, "qualify", new { admissible = true }));
        await OkAsync(await admin.GetAsync("/api/v1/communes/safi/services"));
    }

    [Fact]
    public async Task A_commune_lists_its_services_and_its_categories_with_their_default_service()
    {
        var cell = await CellAsync();
        var services = await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/services"));
        var codes = services.EnumerateArray().Select(s => s.GetProperty("code").GetString()).ToList();
        Assert.Equal(["affaires-generales", "eclairage", "espaces-verts", "etat-civil", "proprete", "urbanisme", "voirie"], codes.Order());
        Assert.All(services.EnumerateArray(), s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("name").GetString())));

        var categories = (await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/categories"))).EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("service").GetString());
        Assert.Equal("eclairage", categories["eclairage-public"]);
        Assert.Equal("voirie", categories["voirie"]);
        Assert.Equal("affaires-generales", categories["autre"]);
        Assert.Equal(7, categories.Count);
    }

    [Fact]
    public async Task Service_names_follow_the_callers_language()
    {
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        var services = await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/services"));
        var voirie = services.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "voirie");
        Assert.Equal("مصلحة الطرق", voirie.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("services")]
    [InlineData("categories")]
    public async Task Another_communes_services_and_categories_are_404(string what)
    {
        var kenitra = await CellAsync("kenitra");
        await OkAsync(await kenitra.GetAsync($"/api/v1/communes/kenitra/{what}"));
        await ProblemAsync(await kenitra.GetAsync($"/api/v1/communes/sefrou/{what}"), HttpStatusCode.NotFound);
        await ProblemAsync(await kenitra.GetAsync($"/api/v1/communes/atlantis/{what}"), HttpStatusCode.NotFound);
    }

    public sealed class OnSqlite() : StaffIsolationApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffIsolationApiTests(DatabaseKind.Postgres);
}
