using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// GET /api/v1/communes/{code}/users, POST without a password (an invitation) and PATCH /api/v1/users/{id}.
public abstract class StaffLifecycleApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object body) =>
        client.PatchAsJsonAsync($"/api/v1/users/{id}", body);

    async Task<HttpClient> CommuneAdminAsync(string commune = "sefrou") =>
        await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true));

    [Fact]
    public async Task The_list_gives_each_member_s_id_email_role_service_and_state_in_the_contract_s_shape()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.Observer, "kenitra");
        var admin = await CommuneAdminAsync();
        var list = await OkAsync(await admin.GetAsync("/api/v1/communes/sefrou/users"));
        var items = list.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var row = Assert.Single(items, i => i.GetProperty("email").GetString() == agent.Email);
        Assert.Equal(["id", "email", "role", "service", "active"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal((agent.Id, "service-agent", "voirie", true),
            (row.GetProperty("id").GetString(), row.GetProperty("role").GetString(), row.GetProperty("service").GetString(), row.GetProperty("active").GetBoolean()));

        await ProblemAsync(await admin.GetAsync("/api/v1/communes/kenitra/users"), HttpStatusCode.NotFound);
        await ProblemAsync(await (await CellAsync()).GetAsync("/api/v1/communes/sefrou/users"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Nobody_is_appointed_to_or_moved_into_a_deactivated_service()
    {
        var admin = await CommuneAdminAsync();
        // Parks is nobody's default service once its category is routed elsewhere, so it can be deactivated.
        await OkAsync(await admin.PatchAsJsonAsync("/api/v1/communes/sefrou/categories/espaces-verts", new { service = "voirie" }));
        await OkAsync(await admin.PatchAsJsonAsync("/api/v1/communes/sefrou/services/espaces-verts", new { active = false }));

        var created = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/users",
            new { email = "jardins@sefrou.test", role = "service-agent", service = "espaces-verts", password = "Velvet-orchard-canal-26" });
        var problem = await InvalidAsync(created, "service");
        Assert.Contains("désactivé", problem.GetProperty("errors").GetProperty("service")[0].GetString());

        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await InvalidAsync(await PatchAsync(admin, agent.Id, new { service = "espaces-verts" }), "service");
        Assert.Equal("voirie", await App.WithDbAsync(db => db.Services.Where(s => s.Id == db.Users.Single(u => u.Id == agent.Id).ServiceId).Select(s => s.Code).SingleAsync()));
    }

    [Fact]
    public async Task Without_a_password_the_new_member_is_invited_by_a_bilingual_mail_in_the_outbox()
    {
        var admin = await CommuneAdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/users", new { email = "invited@sefrou.test", role = "observer" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "invited@sefrou.test"));
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, user.InvitedAt);
        Assert.Null(user.PasswordHash);
        var mail = await App.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Recipient == "invited@sefrou.test"));
        Assert.Equal((NotificationEvent.Invitation, "fr+ar"), (mail.Event, mail.Language));
        Assert.Contains($"/staff/invitation?user={user.Id}&token=", mail.Body);
        Assert.Contains("لاختيار كلمة المرور", mail.Body);
        // Nobody signs in to an invited account before the person chose their password.
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync("invited@sefrou.test", "")).StatusCode);
    }

    [Fact]
    public async Task A_token_issued_before_deactivation_is_refused_at_the_next_request_and_stays_so_after_reactivation()
    {
        var cellMember = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var cell = await App.ApiAsync(cellMember);
        var login = await App.CreateClient().LoginAsync(cellMember.Email, cellMember.Password);
        var refresh = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/services"));

        var admin = await CommuneAdminAsync();
        var changed = await OkAsync(await PatchAsync(admin, cellMember.Id, new { active = false }));
        Assert.False(changed.GetProperty("active").GetBoolean());

        var refused = await cell.GetAsync("/api/v1/communes/sefrou/services");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(cellMember.Email, cellMember.Password)).StatusCode);

        await OkAsync(await PatchAsync(admin, cellMember.Id, new { active = true }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await cell.GetAsync("/api/v1/communes/sefrou/services")).StatusCode);
        await OkAsync(await (await App.ApiAsync(cellMember)).GetAsync("/api/v1/communes/sefrou/services"));
        Assert.Equal(["user-deactivated", "user-reactivated"],
            await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("user-")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_role_or_service_change_takes_effect_at_once()
    {
        var agentMember = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var agent = await App.ApiAsync(agentMember);
        var cell = await CellAsync();
        var lamp = await AssignedAsync(cell, category: "eclairage-public");
        var admin = await CommuneAdminAsync();

        var changed = await OkAsync(await PatchAsync(admin, agentMember.Id, new { service = "eclairage" }));
        Assert.Equal("eclairage", changed.GetProperty("service").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/v1/complaints")).StatusCode);
        Assert.Equal([lamp], References(await ListAsync(await App.ApiAsync(agentMember))));

        var promoted = await OkAsync(await PatchAsync(admin, agentMember.Id, new { role = "complaints-cell" }));
        Assert.Equal(("complaints-cell", JsonValueKind.Null), (promoted.GetProperty("role").GetString(), promoted.GetProperty("service").ValueKind));
        await InvalidAsync(await PatchAsync(admin, agentMember.Id, new { role = "service-agent" }), "service");
        await InvalidAsync(await PatchAsync(admin, agentMember.Id, new { role = "service-agent", service = "police" }), "service");
    }

    [Fact]
    public async Task A_commune_administrator_never_grants_platform_admin_nor_reaches_another_commune_nor_deactivates_themselves()
    {
        var me = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var admin = await App.ApiAsync(me);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var elsewhere = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");

        var ceiling = await InvalidAsync(await PatchAsync(admin, cell.Id, new { role = "platform-admin" }), "role");
        Assert.Equal("Vous ne pouvez pas donner un rôle plus élevé que le vôtre.", ceiling.GetProperty("errors").GetProperty("role")[0].GetString());
        await InvalidAsync(await PatchAsync(admin, cell.Id, new { role = "mayor" }), "role");
        await ProblemAsync(await PatchAsync(admin, elsewhere.Id, new { active = false }), HttpStatusCode.NotFound);
        await ProblemAsync(await PatchAsync(admin, (await App.PlatformAdminAsync()).Id, new { active = false }), HttpStatusCode.NotFound);
        await ProblemAsync(await PatchAsync(admin, "no-such-user", new { active = false }), HttpStatusCode.NotFound);
        await InvalidAsync(await PatchAsync(admin, me.Id, new { active = false }), "active");
        await ProblemAsync(await PatchAsync(await App.ApiAsync(cell), me.Id, new { active = false }), HttpStatusCode.Forbidden);
        Assert.True(await App.WithDbAsync(db => db.Users.AllAsync(u => u.DeactivatedAt == null)));
        Assert.Equal("complaints-cell", Assert.Single((await OkAsync(await admin.GetAsync("/api/v1/communes/sefrou/users"))).EnumerateArray(),
            i => i.GetProperty("id").GetString() == cell.Id).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_platform_administrator_acts_on_any_commune_s_members()
    {
        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        var kenitra = await App.CreateAsync(Roles.Observer, "kenitra");
        var changed = await OkAsync(await PatchAsync(platform, kenitra.Id, new { role = "commune-admin" }));
        Assert.Equal("commune-admin", changed.GetProperty("role").GetString());
        var list = await OkAsync(await platform.GetAsync("/api/v1/communes/kenitra/users"));
        Assert.Equal("commune-admin", Assert.Single(list.EnumerateArray()).GetProperty("role").GetString());
        await OkAsync(await PatchAsync(platform, kenitra.Id, new { active = false }));
    }

    public sealed class OnSqlite() : StaffLifecycleApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffLifecycleApiTests(DatabaseKind.Postgres);
}
