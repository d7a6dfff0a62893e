using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// GET, POST /api/v1/communes and PATCH /api/v1/communes/{code} (CONTRACT section 6b): the platform administrator
// opens communes and switches them off and on; a commune administrator words their own.
public abstract class CommuneAdminApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    const string ApiKey = "open311-communes-key-4e8a1c";

    protected override Dictionary<string, string?> Settings => new() { ["Bootstrap:ApiKey"] = ApiKey };

    async Task<HttpClient> PlatformAsync(string language = "fr") => await App.ApiAsync(await App.PlatformAdminAsync(), language);

    static Task<HttpResponseMessage> CreateAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/communes", body);

    static Task<HttpResponseMessage> PatchAsync(HttpClient client, string code, object body) => client.PatchAsJsonAsync($"/api/v1/communes/{code}", body);

    static object Ifrane(string code = "ifrane", string prefix = "IFR", string? template = "standard") =>
        new { code, nameFr = "Ifrane", nameAr = "إفران", referencePrefix = prefix, contactEmail = "contact@ifrane.example", template };

    [Fact]
    public async Task The_standard_template_gives_a_new_commune_its_services_categories_and_districts_in_both_languages_and_citizens_file_there()
    {
        var admin = await PlatformAsync();
        var response = await CreateAsync(admin, Ifrane());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/communes/ifrane", response.Headers.Location!.OriginalString);
        var created = await JsonAsync(response);
        Assert.Equal(("ifrane", "Ifrane", "إفران", "IFR", true, "contact@ifrane.example"),
            (created.GetProperty("code").GetString(), created.GetProperty("nameFr").GetString(), created.GetProperty("nameAr").GetString(),
             created.GetProperty("referencePrefix").GetString(), created.GetProperty("active").GetBoolean(), created.GetProperty("contactEmail").GetString()));

        var listed = (await OkAsync(await admin.GetAsync("/api/v1/communes"))).EnumerateArray().Single(c => c.GetProperty("code").GetString() == "ifrane");
        Assert.Equal(["active", "code", "nameAr", "nameFr", "referencePrefix"], listed.EnumerateObject().Select(p => p.Name).Order());

        var (services, categories, districts, templates) = await App.WithDbAsync(async db =>
        {
            var id = await db.Communes.Where(c => c.Code == "ifrane").Select(c => c.Id).SingleAsync();
            return (await db.Services.Where(s => s.CommuneId == id).ToListAsync(), await db.Categories.Include(c => c.DefaultService).Where(c => c.CommuneId == id).ToListAsync(),
                await db.Districts.Where(d => d.CommuneId == id).ToListAsync(), await db.ResponseTemplates.Where(t => t.CommuneId == id).ToListAsync());
        });
        Assert.Contains(services, s => s.Code == "voirie" && s.NameFr == "Service de la voirie" && s.NameAr == "مصلحة الطرق");
        var lighting = Assert.Single(categories, c => c.Code == "eclairage-public");
        Assert.Equal(("الإنارة العمومية", "eclairage"), (lighting.NameAr, lighting.DefaultService!.Code));
        Assert.NotNull(lighting.DescriptionAr);
        Assert.Contains(districts, d => d.NameFr == "Centre-ville" && d.NameAr == "وسط المدينة");
        Assert.Contains(templates, t => t.Language == "ar");
        Assert.Contains(templates, t => t.Language == "fr");
        // Nothing of a demo town's own districts.
        Assert.DoesNotContain(districts, d => d.NameFr == "Médina");

        var citizen = App.Browser("ar");
        var form = await citizen.GetPageAsync("/ifrane/file");
        Assert.Contains("الإنارة العمومية", form.QuerySelector("#Input_Category")!.TextContent);
        var filed = await citizen.PostFormAsync("/ifrane/file", form, Samples.Complaint());
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.StartsWith("/receipt/IFR-2026-", filed.Headers.Location!.OriginalString);
        Assert.Equal(AuditActions.CommuneCreated, (await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.CommuneCreated))).Action);
    }

    [Fact]
    public async Task The_empty_template_opens_a_commune_with_nothing_to_choose_yet()
    {
        var admin = await PlatformAsync();
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(admin, Ifrane(template: "empty"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(admin, new { code = "azrou", nameFr = "Azrou", nameAr = "أزرو", referencePrefix = "azr" })).StatusCode);
        var counts = await App.WithDbAsync(async db =>
        {
            var ids = await db.Communes.Where(c => c.Code == "ifrane" || c.Code == "azrou").Select(c => c.Id).ToListAsync();
            return await db.Services.CountAsync(s => ids.Contains(s.CommuneId)) + await db.Categories.CountAsync(c => ids.Contains(c.CommuneId))
                + await db.Districts.CountAsync(d => ids.Contains(d.CommuneId));
        });
        Assert.Equal(0, counts);
        // The prefix is written in capitals whatever was typed.
        Assert.Equal("AZR", (await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "azrou"))).ReferencePrefix);
    }

    [Fact]
    public async Task A_taken_code_or_prefix_answers_409_and_bad_fields_400_each_named()
    {
        var admin = await PlatformAsync();
        var code = await ProblemAsync(await CreateAsync(admin, Ifrane(code: "sefrou")), HttpStatusCode.Conflict);
        Assert.Equal("code", code.GetProperty("field").GetString());
        Assert.Equal("Une commune porte déjà ce code.", code.GetProperty("detail").GetString());
        var prefix = await ProblemAsync(await CreateAsync(admin, Ifrane(prefix: "SEF")), HttpStatusCode.Conflict);
        Assert.Equal("referencePrefix", prefix.GetProperty("field").GetString());

        var bad = await InvalidAsync(await CreateAsync(admin, new { code = "Ifrane City", nameFr = "", nameAr = "إفران", referencePrefix = "I1", contactEmail = "pas une adresse", template = "full" }),
            "code", "nameFr", "referencePrefix", "contactEmail", "template");
        Assert.Contains("minuscules", bad.GetProperty("errors").GetProperty("code")[0].GetString());
        var arabic = await InvalidAsync(await CreateAsync(await PlatformAsync("ar"), new { code = "ifrane", nameFr = "Ifrane", nameAr = "إفران", referencePrefix = "TOOLONGPREFIX" }),
            "referencePrefix");
        Assert.Contains("حروف لاتينية كبيرة", arabic.GetProperty("errors").GetProperty("referencePrefix")[0].GetString());
        Assert.Equal(4, await App.WithDbAsync(db => db.Communes.CountAsync()));
    }

    [Fact]
    public async Task A_commune_administrator_words_their_own_commune_but_cannot_create_switch_off_or_touch_another()
    {
        var admin = await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        await ProblemAsync(await CreateAsync(admin, Ifrane()), HttpStatusCode.Forbidden);
        await ProblemAsync(await PatchAsync(admin, "sefrou", new { active = false }), HttpStatusCode.Forbidden);
        await ProblemAsync(await PatchAsync(admin, "sefrou", new { hostName = "reclamations.sefrou.ma" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await PatchAsync(admin, "kenitra", new { nameFr = "Kenitra" }), HttpStatusCode.NotFound);

        var changed = await OkAsync(await PatchAsync(admin, "sefrou", new { nameFr = "Ville de Sefrou", contactEmail = "chikayat@sefrou.example", personalDataRetentionMonths = 12 }));
        Assert.Equal(("Ville de Sefrou", "صفرو", "chikayat@sefrou.example", true), (changed.GetProperty("nameFr").GetString(),
            changed.GetProperty("nameAr").GetString(), changed.GetProperty("contactEmail").GetString(), changed.GetProperty("active").GetBoolean()));
        var stored = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "sefrou"));
        Assert.Equal(("Ville de Sefrou", 12, true, null), (stored.NameFr, stored.PersonalDataRetentionMonths, stored.Active, stored.HostName));
        var audited = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.CommuneChanged));
        Assert.Equal("nameFr Sefrou→Ville de Sefrou; contactEmail none→chikayat@sefrou.example; retention 24→12", audited.Details);
        await InvalidAsync(await PatchAsync(admin, "sefrou", new { personalDataRetentionMonths = 121, contactEmail = "x" }), "personalDataRetentionMonths", "contactEmail");

        var listed = await OkAsync(await admin.GetAsync("/api/v1/communes"));
        Assert.Equal(["sefrou"], listed.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.ServiceAgent, "voirie")]
    [InlineData(Roles.Observer, null)]
    public async Task Other_roles_read_their_commune_and_are_refused_every_change(string role, string? service)
    {
        var member = await App.ApiAsync(await App.CreateAsync(role, "kenitra", service));
        var listed = await OkAsync(await member.GetAsync("/api/v1/communes"));
        Assert.Equal(["kenitra"], listed.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        await ProblemAsync(await CreateAsync(member, Ifrane()), HttpStatusCode.Forbidden);
        await ProblemAsync(await PatchAsync(member, "kenitra", new { nameFr = "K" }), HttpStatusCode.Forbidden);
        Assert.Equal("Kénitra", (await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "kenitra"))).NameFr);
    }

    [Fact]
    public async Task An_inactive_commune_takes_no_filing_by_any_channel_keeps_its_complaints_and_figures_and_takes_them_again_once_reactivated()
    {
        var admin = await PlatformAsync();
        var cell = await CellAsync();
        var before = await IntakeAsync(cell);
        var open311 = App.CreateClient();
        var citizen = App.Browser("fr");

        var off = await OkAsync(await PatchAsync(admin, "sefrou", new { active = false }));
        Assert.False(off.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/sefrou/file")).StatusCode);
        var home = await citizen.GetPageAsync("/");
        Assert.Null(home.QuerySelector("a[href='/sefrou/file']"));
        Assert.NotNull(home.QuerySelector("a[href='/kenitra/file']"));
        var posted = await open311.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(Open311Request()));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Contains("inactive", (await posted.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await open311.GetAsync("/open311/v2/services.json?jurisdiction_id=sefrou")).StatusCode);
        var refused = await InvalidAsync(await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel = "counter", description = Description, language = "fr",
            complainant = new { firstName = "Karim", lastName = "Bennani" },
        }), "commune");
        Assert.Equal("Cette commune est désactivée : elle ne reçoit plus de demandes.", refused.GetProperty("errors").GetProperty("commune")[0].GetString());

        // What it already received stays readable, and so do its figures.
        await GetComplaintAsync(cell, before.Reference);
        var stats = await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=2026-03-01&to=2026-03-31"));
        Assert.Equal(1, stats.GetProperty("received").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/figures/sefrou")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await open311.GetAsync("/open311/v2/requests.json?jurisdiction_id=sefrou")).StatusCode);
        Assert.Equal(1, await App.CountComplaintsAsync());

        await OkAsync(await PatchAsync(admin, "sefrou", new { active = true }));
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/sefrou/file")).StatusCode);
        Assert.NotNull((await citizen.GetPageAsync("/")).QuerySelector("a[href='/sefrou/file']"));
        Assert.Equal(HttpStatusCode.OK, (await open311.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(Open311Request()))).StatusCode);
        await IntakeAsync(cell);
        Assert.Equal(3, await App.CountComplaintsAsync());
        var audited = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.CommuneChanged).OrderBy(a => a.Id).Select(a => a.Details).ToListAsync());
        Assert.Equal(["active True→False", "active False→True"], audited);
    }

    [Fact]
    public async Task A_host_name_is_lower_case_valid_and_unique()
    {
        var admin = await PlatformAsync();
        var set = await OkAsync(await PatchAsync(admin, "sefrou", new { hostName = "Reclamations.Sefrou.MA" }));
        Assert.Equal("reclamations.sefrou.ma", set.GetProperty("hostName").GetString());
        var taken = await ProblemAsync(await PatchAsync(admin, "kenitra", new { hostName = "reclamations.sefrou.ma" }), HttpStatusCode.Conflict);
        Assert.Equal("hostName", taken.GetProperty("field").GetString());
        await InvalidAsync(await PatchAsync(admin, "kenitra", new { hostName = "pas un nom" }), "hostName");
        await InvalidAsync(await PatchAsync(admin, "kenitra", new { hostName = "localhost" }), "hostName");
        await ProblemAsync(await PatchAsync(admin, "nowhere", new { nameFr = "X" }), HttpStatusCode.NotFound);
        // An empty host name takes it off.
        Assert.Equal(JsonValueKind.Null, (await OkAsync(await PatchAsync(admin, "sefrou", new { hostName = "" }))).GetProperty("hostName").ValueKind);
    }

    static Dictionary<string, string> Open311Request() => new()
    {
        ["api_key"] = ApiKey,
        ["jurisdiction_id"] = "sefrou",
        ["service_code"] = "voirie",
        ["description"] = "Un nid-de-poule profond devant l'école primaire.",
        ["lat"] = "33.8300",
        ["long"] = "-4.8350",
    };

    public sealed class OnSqlite() : CommuneAdminApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CommuneAdminApiTests(DatabaseKind.Postgres);
}
