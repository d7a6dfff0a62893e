using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// POST and PATCH /api/v1/communes/{code}/services, …/categories, …/districts: a commune's administrators change what
// the commune offers; a deactivated item is no longer offered anywhere, and complaints keep it.
public abstract class OrganisationApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    const string Open311Key = "open311-organisation-key-42";

    protected override Dictionary<string, string?> Settings => new() { ["Bootstrap:ApiKey"] = Open311Key };

    async Task<HttpClient> AdminAsync(string commune = "sefrou", string language = "fr") =>
        await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true), language);

    static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body);

    static async Task<JsonElement> ListItemAsync(HttpClient client, string list, string code) =>
        (await OkAsync(await client.GetAsync($"/api/v1/communes/sefrou/{list}"))).EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    static string[] Codes(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task An_administrator_adds_a_service_then_a_category_routed_to_it_and_the_cell_routes_complaints_there()
    {
        var admin = await AdminAsync();
        var service = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/services",
            new { code = "eau-assainissement", nameFr = "Service de l'eau et de l'assainissement", nameAr = "مصلحة الماء والتطهير" });
        Assert.Equal(HttpStatusCode.Created, service.StatusCode);
        Assert.Equal("/api/v1/communes/sefrou/services/eau-assainissement", service.Headers.Location!.OriginalString);
        var created = await JsonAsync(service);
        Assert.Equal("eau-assainissement", created.GetProperty("code").GetString());
        Assert.Equal("Service de l'eau et de l'assainissement", created.GetProperty("name").GetString());
        Assert.Equal("مصلحة الماء والتطهير", created.GetProperty("nameAr").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());

        var category = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/categories", new
        {
            code = "fuites", nameFr = "Fuites d'eau", nameAr = "تسربات المياه", service = "eau-assainissement",
            descriptionFr = "Conduite cassée, bouche d'égout qui déborde.", sortOrder = 0,
        });
        Assert.Equal(HttpStatusCode.Created, category.StatusCode);
        var body = await JsonAsync(category);
        Assert.Equal("eau-assainissement", body.GetProperty("service").GetString());
        Assert.Equal("Conduite cassée, bouche d'égout qui déborde.", body.GetProperty("descriptionFr").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("descriptionAr").ValueKind);

        // Order 0 puts it before the seven demo categories, in the lists and on Open311.
        var cell = await CellAsync();
        Assert.Equal("fuites", Codes(await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/categories")))[0]);
        var reference = await AssignedAsync(cell, category: "fuites");
        Assert.Equal("eau-assainissement", (await GetComplaintAsync(cell, reference)).GetProperty("service").GetString());

        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ServiceCreated || a.Action == AuditActions.CategoryCreated)
            .OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.ServiceCreated, AuditActions.CategoryCreated], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("commune-admin.sefrou.", a.Actor));
        Assert.Contains("fuites", audit[1].Details);
    }

    [Fact]
    public async Task A_bad_creation_names_each_field_in_the_callers_language()
    {
        var admin = await AdminAsync(language: "ar");
        var response = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/categories",
            new { code = "Fuites d'eau", nameFr = new string('x', 201), service = "nulle-part", descriptionAr = new string('ب', 1001) });
        var problem = await InvalidAsync(response, "code", "nameFr", "nameAr", "service", "descriptionAr");
        Assert.Equal("أدخلوا اسما.", problem.GetProperty("errors").GetProperty("nameAr")[0].GetString());
        Assert.Equal("هذه المصلحة غير موجودة في هذه الجماعة.", problem.GetProperty("errors").GetProperty("service")[0].GetString());
        await InvalidAsync(await admin.PostAsJsonAsync("/api/v1/communes/sefrou/districts", new { code = "d9", nameFr = "Zone nord" }), "nameAr");
        await InvalidAsync(await admin.PostAsync("/api/v1/communes/sefrou/districts", new StringContent("{", System.Text.Encoding.UTF8, "application/json")), "body");
        Assert.False(await App.WithDbAsync(db => db.Categories.AnyAsync(c => c.Code == "nulle-part" || c.NameFr.StartsWith("xxx"))));
    }

    [Fact]
    public async Task A_code_already_used_in_the_commune_is_a_conflict_but_another_commune_may_use_it()
    {
        var admin = await AdminAsync();
        var duplicate = await admin.PostAsJsonAsync("/api/v1/communes/sefrou/districts", new { code = "d1", nameFr = "Autre Médina", nameAr = "مدينة أخرى" });
        var problem = await ProblemAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Equal("Ce code est déjà utilisé dans cette commune.", problem.GetProperty("detail").GetString());
        Assert.Equal("Médina", (await ListItemAsync(admin, "districts", "d1")).GetProperty("nameFr").GetString());

        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        Assert.Equal(HttpStatusCode.Created,
            (await platform.PostAsJsonAsync("/api/v1/communes/safi/districts", new { code = "d5", nameFr = "Sidi Bouzid", nameAr = "سيدي بوزيد" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/v1/communes/sefrou/districts", new { code = "d5", nameFr = "Aïn Sebou", nameAr = "عين سبو" })).StatusCode);
        var districts = await OkAsync(await admin.GetAsync("/api/v1/communes/sefrou/districts"));
        Assert.Equal(["d1", "d2", "d3", "d4", "d5"], Codes(districts));
    }

    [Fact]
    public async Task A_change_gives_only_what_changes_and_never_a_new_code()
    {
        var admin = await AdminAsync();
        var renamed = await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/services/voirie", new { nameFr = "Direction de la voirie" }));
        Assert.Equal("Direction de la voirie", renamed.GetProperty("nameFr").GetString());
        Assert.Equal("مصلحة الطرق", renamed.GetProperty("nameAr").GetString());
        Assert.Equal("Direction de la voirie", (await ListItemAsync(await CellAsync(), "services", "voirie")).GetProperty("name").GetString());

        var moved = await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/categories/voirie", new { service = "urbanisme", descriptionAr = "" }));
        Assert.Equal("urbanisme", moved.GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("descriptionAr").ValueKind);
        Assert.StartsWith("Nid-de-poule", moved.GetProperty("descriptionFr").GetString());

        await InvalidAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/districts/d1", new { code = "medina" }), "code");
        await InvalidAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/districts/d1", new { nameAr = " " }), "nameAr");
        await ProblemAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/districts/d99", new { nameFr = "Nulle part" }), HttpStatusCode.NotFound);

        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.CategoryChanged).SingleAsync());
        Assert.Contains("service «voirie»→«urbanisme»", audit.Details);
    }

    [Fact]
    public async Task A_deactivated_category_and_district_are_no_longer_offered_but_complaints_keep_them()
    {
        var cell = await CellAsync();
        var before = await IntakeAsync(cell, category: "urbanisme");
        var admin = await AdminAsync();
        var off = await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/categories/urbanisme", new { active = false }));
        Assert.False(off.GetProperty("active").GetBoolean());
        await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/districts/d2", new { active = false }));
        Assert.False((await ListItemAsync(cell, "categories", "urbanisme")).GetProperty("active").GetBoolean());
        Assert.False((await ListItemAsync(cell, "districts", "d2")).GetProperty("active").GetBoolean());

        // Open311 no longer lists it, describes it or files under it.
        var open311 = App.CreateClient();
        var services = await (await open311.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain("urbanisme", services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await open311.GetAsync("/open311/v2/services/urbanisme.json?jurisdiction_id=sefrou")).StatusCode);
        var definition = await (await open311.GetAsync("/open311/v2/services/voirie.json?jurisdiction_id=sefrou")).Content.ReadFromJsonAsync<JsonElement>();
        var districts = definition.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "district");
        Assert.Equal(["d1", "d3", "d4"], districts.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()));
        var filed = await open311.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = Open311Key, ["jurisdiction_id"] = "sefrou", ["service_code"] = "urbanisme",
            ["description"] = "Construction sans autorisation au bout de la rue.", ["lat"] = "33.83", ["long"] = "-4.835",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, filed.StatusCode);

        // Nor does the counter, or the cell when it qualifies or recategorises.
        var intake = await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "urbanisme", district = "d2", channel = "counter", description = Description,
            complainant = new { firstName = "Karim", lastName = "Bennani", phone = "0612345678" },
        });
        await InvalidAsync(intake, "category", "district");
        var other = await IntakeAsync(cell, category: "voirie");
        await InvalidAsync(await MoveAsync(cell, other.Reference, "qualify", new { admissible = true, category = "urbanisme" }), "category");
        Assert.Equal(2, await App.CountComplaintsAsync());

        // The complaint filed before keeps its category, and can still be routed to its service.
        var kept = await GetComplaintAsync(cell, before.Reference);
        Assert.Equal("urbanisme", kept.GetProperty("category").GetString());
        await OkAsync(await MoveAsync(cell, before.Reference, "qualify", new { admissible = true }));
        Assert.Equal("urbanisme", (await GetComplaintAsync(cell, before.Reference)).GetProperty("service").GetString());

        // Reactivated, it is offered again.
        await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/categories/urbanisme", new { active = true }));
        await IntakeAsync(cell, category: "urbanisme");
    }

    [Fact]
    public async Task A_service_is_deactivated_once_no_active_category_routes_to_it_and_can_no_longer_be_assigned()
    {
        var admin = await AdminAsync();
        var refused = await InvalidAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/services/urbanisme", new { active = false }), "active");
        Assert.Contains("sujet actif", refused.GetProperty("errors").GetProperty("active")[0].GetString());
        await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/categories/urbanisme", new { service = "voirie" }));
        await OkAsync(await PatchAsync(admin, "/api/v1/communes/sefrou/services/urbanisme", new { active = false }));

        var cell = await CellAsync();
        var reference = await AssignedAsync(cell, category: "voirie");
        var assign = await InvalidAsync(await MoveAsync(cell, reference, "assign", new { service = "urbanisme" }), "service");
        Assert.Equal("Ce service est désactivé : choisissez-en un autre.", assign.GetProperty("errors").GetProperty("service")[0].GetString());
        await InvalidAsync(await admin.PostAsJsonAsync("/api/v1/communes/sefrou/categories",
            new { code = "chantiers", nameFr = "Chantiers", nameAr = "الأوراش", service = "urbanisme" }), "service");
        Assert.False((await ListItemAsync(cell, "services", "urbanisme")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Only_the_communes_administrators_change_it()
    {
        var cell = await CellAsync();
        var body = new { code = "d9", nameFr = "Zone industrielle", nameAr = "الحي الصناعي" };
        await ProblemAsync(await cell.PostAsJsonAsync("/api/v1/communes/sefrou/districts", body), HttpStatusCode.Forbidden);
        await ProblemAsync(await PatchAsync(cell, "/api/v1/communes/sefrou/categories/voirie", new { active = false }), HttpStatusCode.Forbidden);
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "voirie"));
        await ProblemAsync(await PatchAsync(agent, "/api/v1/communes/sefrou/services/voirie", new { nameFr = "Moi" }), HttpStatusCode.Forbidden);

        var kenitra = await AdminAsync("kenitra");
        await ProblemAsync(await kenitra.PostAsJsonAsync("/api/v1/communes/sefrou/districts", body), HttpStatusCode.NotFound);
        await ProblemAsync(await PatchAsync(kenitra, "/api/v1/communes/sefrou/categories/voirie", new { active = false }), HttpStatusCode.NotFound);
        await ProblemAsync(await kenitra.GetAsync("/api/v1/communes/sefrou/districts"), HttpStatusCode.NotFound);

        Assert.False(await App.WithDbAsync(db => db.Districts.AnyAsync(d => d.Code == "d9")));
        Assert.True(await App.WithDbAsync(db => db.Categories.AllAsync(c => c.Active)));
        Assert.Equal("Service de la voirie", (await ListItemAsync(cell, "services", "voirie")).GetProperty("nameFr").GetString());
    }

    public sealed class OnSqlite() : OrganisationApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OrganisationApiTests(DatabaseKind.Postgres);
}
