using System.Net;
using System.Net.Http.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// POST /api/v1/communes/{code}/users: administrators add the staff of a commune.
public abstract class StaffUsersApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    const string NewPassword = "Copper-kettle-meadow-26";

    async Task<HttpClient> CommuneAdminAsync(string commune = "sefrou") =>
        await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true));

    static Task<HttpResponseMessage> CreateUserAsync(HttpClient admin, string commune, object body) =>
        admin.PostAsJsonAsync($"/api/v1/communes/{commune}/users", body);

    [Fact]
    public async Task A_commune_administrator_adds_a_service_agent_who_signs_in_and_sees_only_their_service()
    {
        var admin = await CommuneAdminAsync();
        var response = await CreateUserAsync(admin, "sefrou", new { email = "agent.voirie@sefrou.test", password = NewPassword, role = "service-agent", service = "voirie" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        Assert.Equal("agent.voirie@sefrou.test", created.GetProperty("email").GetString());
        Assert.Equal("service-agent", created.GetProperty("role").GetString());
        Assert.Equal("sefrou", created.GetProperty("commune").GetString());
        Assert.Equal("voirie", created.GetProperty("service").GetString());

        var cell = await CellAsync();
        var voirie = await AssignedAsync(cell, category: "voirie", description: "Nid-de-poule devant l'école primaire.");
        await AssignedAsync(cell, category: "eclairage-public");

        var agent = await App.ApiAsync(new StaffMember(created.GetProperty("id").GetString()!, "agent.voirie@sefrou.test", NewPassword, Roles.ServiceAgent, null));
        Assert.Equal([voirie], References(await ListAsync(agent)));
        await OkAsync(await MoveAsync(agent, voirie, "start", null));
        await ProblemAsync(await MoveAsync(agent, voirie, "responses", new { text = "Réparé.", definitive = true }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creating_a_member_of_staff_is_audited()
    {
        var admin = await CommuneAdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await CreateUserAsync(admin, "sefrou", new { email = "obs@sefrou.test", password = NewPassword, role = "observer" })).StatusCode);
        var row = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "user-created"));
        Assert.Contains("obs@sefrou.test", row.Details);
    }

    [Fact]
    public async Task The_platform_administrator_adds_staff_to_any_commune()
    {
        var admin = await App.ApiAsync(await App.PlatformAdminAsync());
        var response = await CreateUserAsync(admin, "safi", new { email = "cell@safi.test", password = NewPassword, role = "complaints-cell" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cell = await App.ApiAsync(new StaffMember("", "cell@safi.test", NewPassword, Roles.ComplaintsCell, null));
        await OkAsync(await cell.GetAsync("/api/v1/communes/safi/services"));
        await ProblemAsync(await cell.GetAsync("/api/v1/communes/sefrou/services"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell)]
    [InlineData(Roles.Observer)]
    public async Task Staff_who_do_not_manage_users_get_403(string role)
    {
        var member = await App.ApiAsync(await App.CreateAsync(role));
        var problem = await ProblemAsync(await CreateUserAsync(member, "sefrou", new { email = "x@sefrou.test", password = NewPassword, role = "complaints-cell" }),
            HttpStatusCode.Forbidden);
        Assert.Equal("Votre rôle ne permet pas cette action.", problem.GetProperty("detail").GetString());
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "x@sefrou.test")));
    }

    [Fact]
    public async Task A_service_agent_gets_403_too()
    {
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "voirie"));
        await ProblemAsync(await CreateUserAsync(agent, "sefrou", new { email = "x@sefrou.test", password = NewPassword, role = "observer" }),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_administrator_of_another_commune_gets_404()
    {
        var kenitra = await CommuneAdminAsync("kenitra");
        await ProblemAsync(await CreateUserAsync(kenitra, "sefrou", new { email = "x@sefrou.test", password = NewPassword, role = "observer" }),
            HttpStatusCode.NotFound);
        await ProblemAsync(await CreateUserAsync(kenitra, "atlantis", new { email = "x@sefrou.test", password = NewPassword, role = "observer" }),
            HttpStatusCode.NotFound);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "x@sefrou.test")));
    }

    [Theory]
    [InlineData("short1A")]
    [InlineData("qwertyuiop2026")]
    public async Task A_weak_password_is_named(string password)
    {
        var admin = await CommuneAdminAsync();
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = "weak@sefrou.test", password, role = "observer" }), "password");
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "weak@sefrou.test")));
    }

    [Fact]
    public async Task An_email_already_in_use_is_named()
    {
        var admin = await CommuneAdminAsync();
        var existing = await App.CreateAsync(Roles.Observer, "kenitra");
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = existing.Email, password = NewPassword, role = "observer" }), "email");
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = "pas un email", password = NewPassword, role = "observer" }), "email");
    }

    [Theory]
    [InlineData("chef")]
    [InlineData("platform-admin")]
    [InlineData("")]
    public async Task An_unknown_role_or_one_above_the_commune_is_named(string role)
    {
        var admin = await CommuneAdminAsync();
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = "new@sefrou.test", password = NewPassword, role }), "role");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("police")]
    public async Task A_service_agent_needs_a_service_of_the_commune(string? service)
    {
        var admin = await CommuneAdminAsync();
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = "new@sefrou.test", password = NewPassword, role = "service-agent", service }), "service");
    }

    [Fact]
    public async Task Several_bad_fields_are_named_together()
    {
        var admin = await CommuneAdminAsync();
        // An empty password is no error: it invites the person to choose one.
        await InvalidAsync(await CreateUserAsync(admin, "sefrou", new { email = "nope", password = "", role = "service-agent" }), "email", "service");
    }

    public sealed class OnSqlite() : StaffUsersApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffUsersApiTests(DatabaseKind.Postgres);
}
