using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

// /staff/admin/services, …/categories and …/districts: a commune administrator shapes what the commune offers,
// through forms that work without script.
public abstract class OrganisationAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    async Task<HttpClient> AdminAsync(string commune = "sefrou", string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true), language);

    static string[] Rows(IDocument page) => page.QuerySelectorAll("table.organisation tbody tr").Select(r => r.GetAttribute("data-code")!).ToArray();

    static IElement Row(IDocument page, string code) => page.QuerySelector($"table.organisation tr[data-code='{code}']")!;

    static string[] Options(IDocument page, string select) =>
        page.QuerySelectorAll($"{select} option").Select(o => o.GetAttribute("value")!).Where(v => v != "").ToArray();

    // Submits the form of one button of a row: "up", "down", or "toggle" (deactivate or reactivate).
    static Task<HttpResponseMessage> RowButtonAsync(HttpClient browser, IDocument page, string code, string button, string? action = null)
    {
        var form = Row(page, code).QuerySelectorAll("form").Single(f => f.QuerySelector($"button[value={button}]") is not null);
        form.Id = "clicked";
        return browser.SubmitAsync(page, "form#clicked", action: action);
    }

    static async Task<IDocument> FollowAsync(HttpClient browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await browser.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_commune_administrator_adds_a_district_that_citizens_are_then_offered()
    {
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/staff/admin/districts");
        Assert.Equal(["d1", "d2", "d3", "d4"], Rows(page));
        var saved = await admin.SubmitAsync(page, "form#item-form",
            new Dictionary<string, string> { ["Input.Code"] = "ain-sebou", ["Input.NameFr"] = "Aïn Sebou", ["Input.NameAr"] = "عين سبو" });
        page = await FollowAsync(admin, saved);
        Assert.Equal("Modifications enregistrées : Aïn Sebou.", page.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Equal(["d1", "d2", "d3", "d4", "ain-sebou"], Rows(page));
        Assert.Equal("Oui", Row(page, "ain-sebou").QuerySelector(".state")!.TextContent);

        var form = await App.Browser("ar").GetPageAsync("/sefrou/file");
        Assert.Equal(["d1", "d2", "d3", "d4", "ain-sebou"], Options(form, "#Input_District"));
        Assert.Contains("عين سبو", form.QuerySelector("#Input_District")!.TextContent);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.DistrictCreated));
        Assert.Contains("ain-sebou", audit.Details);
    }

    [Fact]
    public async Task A_category_has_descriptions_a_default_service_among_the_active_ones_and_links_to_its_deadlines_and_questions()
    {
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/staff/admin/categories");
        Assert.Contains("affaires-generales", Options(page, "#Input_Service"));
        var voirie = Row(page, "voirie");
        Assert.Equal("Service de la voirie", voirie.QuerySelector(".service")!.TextContent);
        Assert.StartsWith("/staff/admin/deadlines?commune=sefrou#Category_voirie", voirie.QuerySelector(".deadlines a")!.GetAttribute("href"));
        Assert.Equal("/staff/admin/questions?commune=sefrou&category=voirie", voirie.QuerySelector(".questions a")!.GetAttribute("href"));

        var saved = await admin.SubmitAsync(page, "form#item-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "marches", ["Input.NameFr"] = "Marchés et souks", ["Input.NameAr"] = "الأسواق",
            ["Input.DescriptionFr"] = "Étals, hygiène, horaires du souk.", ["Input.DescriptionAr"] = "", ["Input.Service"] = "affaires-generales",
        });
        page = await FollowAsync(admin, saved);
        Assert.Equal("Service des affaires générales", Row(page, "marches").QuerySelector(".service")!.TextContent);
        var created = await App.WithDbAsync(db => db.Categories.Include(c => c.DefaultService).SingleAsync(c => c.Code == "marches"));
        Assert.Equal("Étals, hygiène, horaires du souk.", created.DescriptionFr);
        Assert.Null(created.DescriptionAr);
        Assert.Equal("affaires-generales", created.DefaultService!.Code);
    }

    [Fact]
    public async Task Errors_name_each_field_and_keep_what_was_typed()
    {
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/staff/admin/categories");
        var response = await admin.SubmitAsync(page, "form#item-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "Marchés", ["Input.NameFr"] = "Marchés et souks", ["Input.NameAr"] = "",
            ["Input.DescriptionFr"] = new string('x', 1001), ["Input.Service"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = await response.ParseAsync();
        Assert.StartsWith("Code : Le code s'écrit en lettres minuscules", form.FieldError("Input_Code"));
        Assert.Equal("Nom en arabe : Indiquez un nom.", form.FieldError("Input_NameAr"));
        Assert.Equal("Description en français : Cette description est trop longue : 1000 caractères au plus.", form.FieldError("Input_DescriptionFr"));
        Assert.Equal("Service par défaut : Choisissez un service.", form.FieldError("Input_Service"));
        Assert.Equal("Marchés", form.QuerySelector("#Input_Code")!.GetAttribute("value"));
        Assert.Equal("Marchés et souks", form.QuerySelector("#Input_NameFr")!.GetAttribute("value"));
        Assert.Equal(4, form.QuerySelectorAll(".error-summary li").Length);

        // Once everything else is right, a code the commune already uses is told on the code itself.
        var duplicate = await (await admin.SubmitAsync(form, "form#item-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "voirie", ["Input.NameAr"] = "الأسواق", ["Input.DescriptionFr"] = "", ["Input.Service"] = "voirie",
        })).ParseAsync();
        Assert.Equal("Code : Ce code est déjà utilisé dans cette commune.", duplicate.FieldError("Input_Code"));
        Assert.Equal("الأسواق", duplicate.QuerySelector("#Input_NameAr")!.GetAttribute("value"));
        Assert.Equal(7, await App.WithDbAsync(db => db.Categories.CountAsync(c => c.Commune!.Code == "sefrou")));
    }

    [Fact]
    public async Task The_Arabic_page_reads_right_to_left_with_its_errors_in_Arabic()
    {
        var admin = await AdminAsync(language: "ar");
        var page = await admin.GetPageAsync("/staff/admin/services");
        Assert.Equal("rtl", page.Dir());
        Assert.Equal("المصالح", page.QuerySelector("nav.tabs a[aria-current=page]")!.TextContent);
        var form = await (await admin.SubmitAsync(page, "form#item-form",
            new Dictionary<string, string> { ["Input.Code"] = "eau", ["Input.NameFr"] = "", ["Input.NameAr"] = "مصلحة الماء" })).ParseAsync();
        Assert.Equal("rtl", form.Dir());
        Assert.Equal("حقل «الاسم بالفرنسية»: أدخلوا اسما.", form.FieldError("Input_NameFr"));
        Assert.Equal("مصلحة الماء", form.QuerySelector("#Input_NameAr")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Editing_renames_but_keeps_the_code()
    {
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/staff/admin/services?edit=voirie");
        Assert.True(page.QuerySelector("#Input_Code")!.HasAttribute("readonly"));
        Assert.Equal("Service de la voirie", page.QuerySelector("#Input_NameFr")!.GetAttribute("value"));
        var saved = await admin.SubmitAsync(page, "form#item-form",
            new Dictionary<string, string> { ["Input.NameFr"] = "Direction des routes", ["Input.Code"] = "routes" });
        page = await FollowAsync(admin, saved);
        Assert.Equal("Direction des routes", Row(page, "voirie").QuerySelectorAll("td")[2].TextContent);
        Assert.Null(page.QuerySelector("tr[data-code='routes']"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ServiceChanged));
        Assert.Equal("voirie: nameFr «Service de la voirie»→«Direction des routes»", audit.Details);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/staff/admin/services?edit=nulle-part")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_category_and_district_are_no_longer_offered_and_refused_when_posted_while_complaints_keep_them()
    {
        var filed = await App.FileAsync(category: "urbanisme", district: "d3");
        var admin = await AdminAsync();
        var categories = await FollowAsync(admin, await RowButtonAsync(admin, await admin.GetPageAsync("/staff/admin/categories"), "urbanisme", "toggle"));
        Assert.Equal("Non", Row(categories, "urbanisme").QuerySelector(".state")!.TextContent);
        Assert.Contains("inactive", Row(categories, "urbanisme").ClassName);
        await FollowAsync(admin, await RowButtonAsync(admin, await admin.GetPageAsync("/staff/admin/districts"), "d3", "toggle"));

        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file?category=urbanisme");
        Assert.DoesNotContain("urbanisme", Options(form, "#Input_Category"));
        Assert.DoesNotContain("d3", Options(form, "#Input_District"));
        var posted = await citizen.PostFormAsync("/sefrou/file", form, new Dictionary<string, string>(Samples.Complaint("urbanisme")) { ["Input.District"] = "d3" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var refused = await posted.ParseAsync();
        Assert.Equal("Ce sujet n'existe pas dans cette commune.", refused.FieldError("Input_Category"));
        Assert.NotNull(refused.FieldError("Input_District"));

        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var intake = await cell.GetPageAsync("/staff/intake");
        Assert.DoesNotContain("urbanisme", Options(intake, "#Input_Category"));
        Assert.DoesNotContain("d3", Options(intake, "#Input_District"));
        var complaint = await cell.GetPageAsync($"/staff/complaints/{filed.Complaint.Reference}");
        Assert.Equal("Urbanisme et construction", complaint.QuerySelector("dd.category")!.TextContent);
        Assert.Contains("Slaoui", complaint.QuerySelector("dl")!.TextContent);
        Assert.DoesNotContain("urbanisme", Options(complaint, "#Input_QualifyCategory"));
        Assert.Equal(1, await App.CountComplaintsAsync());

        // Reactivated, it is offered again.
        await FollowAsync(admin, await RowButtonAsync(admin, await admin.GetPageAsync("/staff/admin/categories"), "urbanisme", "toggle"));
        Assert.Contains("urbanisme", Options(await citizen.GetPageAsync("/sefrou/file"), "#Input_Category"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.CategoryChanged).OrderBy(a => a.Id).Select(a => a.Details).ToListAsync());
        Assert.Equal(["urbanisme: active yes→no", "urbanisme: active no→yes"], audit);
    }

    [Fact]
    public async Task A_service_still_routing_an_active_category_is_not_deactivated_and_the_form_says_why()
    {
        var admin = await AdminAsync();
        var response = await RowButtonAsync(admin, await admin.GetPageAsync("/staff/admin/services"), "urbanisme", "toggle");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.StartsWith("Actif : Ce service reçoit par défaut les plaintes d'un sujet actif", page.FieldError("Input_Active"));
        Assert.Equal("urbanisme", page.QuerySelector("input[name='Input.Original']")!.GetAttribute("value"));
        Assert.True(await App.WithDbAsync(db => db.Services.Where(s => s.Code == "urbanisme").AllAsync(s => s.Active)));

        // Once its category goes elsewhere, it is deactivated and no longer offered for assignment.
        var category = await admin.GetPageAsync("/staff/admin/categories?edit=urbanisme");
        await FollowAsync(admin, await admin.SubmitAsync(category, "form#item-form", new Dictionary<string, string> { ["Input.Service"] = "voirie" }));
        await FollowAsync(admin, await RowButtonAsync(admin, await admin.GetPageAsync("/staff/admin/services"), "urbanisme", "toggle"));
        var filed = await App.FileAsync(category: "voirie");
        await App.QualifyAsync(filed.Complaint.Reference);
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var complaint = await cell.GetPageAsync($"/staff/complaints/{filed.Complaint.Reference}");
        Assert.DoesNotContain("urbanisme", Options(complaint, "#Input_Service"));
        Assert.Contains("voirie", Options(complaint, "#Input_Service"));
        var categories = await admin.GetPageAsync("/staff/admin/categories");
        Assert.DoesNotContain("urbanisme", Options(categories, "#Input_Service"));
    }

    [Fact]
    public async Task Moving_up_and_down_changes_the_order_of_the_filing_form()
    {
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/staff/admin/categories");
        Assert.Equal(["eclairage-public", "voirie", "proprete", "espaces-verts", "urbanisme", "etat-civil", "autre"], Rows(page));
        Assert.Null(Row(page, "eclairage-public").QuerySelector("button[value=up]"));
        Assert.Null(Row(page, "autre").QuerySelector("button[value=down]"));
        page = await FollowAsync(admin, await RowButtonAsync(admin, page, "autre", "up"));
        page = await FollowAsync(admin, await RowButtonAsync(admin, page, "voirie", "down"));
        string[] expected = ["eclairage-public", "proprete", "voirie", "espaces-verts", "urbanisme", "autre", "etat-civil"];
        Assert.Equal(expected, Rows(page));
        Assert.Equal(expected, Options(await App.Browser().GetPageAsync("/sefrou/file"), "#Input_Category"));
    }

    [Fact]
    public async Task A_cell_member_is_denied_the_pages()
    {
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        foreach (var url in new[] { "/staff/admin/services", "/staff/admin/categories", "/staff/admin/districts" })
        {
            var response = await cell.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/staff/denied", response.Target());
        }
        Assert.DoesNotContain("/staff/admin/categories", (await cell.GetStringAsync("/staff")));
    }

    [Fact]
    public async Task A_commune_administrator_cannot_reach_another_communes_items()
    {
        var kenitra = await AdminAsync("kenitra");
        Assert.Equal(HttpStatusCode.NotFound, (await kenitra.GetAsync("/staff/admin/categories?commune=sefrou")).StatusCode);
        var page = await kenitra.GetPageAsync("/staff/admin/categories");
        Assert.Contains("Kénitra", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await RowButtonAsync(kenitra, page, "voirie", "toggle")).StatusCode);
        page = await kenitra.GetPageAsync("/staff/admin/categories");
        var forged = await RowButtonAsync(kenitra, page, "proprete", "toggle", action: "/staff/admin/categories?handler=Active&commune=sefrou");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        var states = await App.WithDbAsync(db => db.Categories.Where(c => c.Code == "voirie" || c.Code == "proprete")
            .Select(c => new { Commune = c.Commune!.Code, c.Code, c.Active }).ToListAsync());
        Assert.All(states.Where(s => s.Commune != "kenitra" || s.Code != "voirie"), s => Assert.True(s.Active));
        Assert.False(states.Single(s => s.Commune == "kenitra" && s.Code == "voirie").Active);
    }

    [Fact]
    public async Task The_platform_administrator_picks_the_commune()
    {
        var platform = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var page = await platform.GetPageAsync("/staff/admin/districts");
        Assert.NotNull(page.QuerySelector("select#commune"));
        Assert.Empty(Rows(page));
        page = await platform.GetPageAsync("/staff/admin/districts?commune=safi");
        Assert.Equal("/staff/admin/services?commune=safi", page.QuerySelector("nav.tabs a")!.GetAttribute("href"));
        var saved = await platform.SubmitAsync(page, "form#item-form",
            new Dictionary<string, string> { ["Input.Code"] = "sidi-bouzid", ["Input.NameFr"] = "Sidi Bouzid", ["Input.NameAr"] = "سيدي بوزيد" });
        Assert.Equal("/staff/admin/districts?commune=safi", saved.Headers.Location!.OriginalString);
        Assert.True(await App.WithDbAsync(db => db.Districts.AnyAsync(d => d.Code == "sidi-bouzid" && d.Commune!.Code == "safi")));
        Assert.False(await App.WithDbAsync(db => db.Districts.AnyAsync(d => d.Code == "sidi-bouzid" && d.Commune!.Code != "safi")));
    }

    public sealed class OnSqlite() : OrganisationAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OrganisationAdminPagesTests(DatabaseKind.Postgres);
}
