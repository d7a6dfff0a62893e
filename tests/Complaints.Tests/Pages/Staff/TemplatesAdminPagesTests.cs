using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class TemplatesAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/templates";

    [Fact]
    public async Task A_commune_admin_writes_an_Arabic_answer_that_the_complaint_screen_then_offers()
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "safi", twoFactor: true), "ar");
        var page = await admin.GetPageAsync(Url);
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        var seeded = page.QuerySelectorAll("table.list tbody tr").Length;
        Assert.True(seeded > 0, "the demo commune comes with ready answers");

        var saved = await admin.SubmitAsync(page, "form#template-form", new Dictionary<string, string>
        {
            ["Input.Purpose"] = "Answer", ["Input.Language"] = "ar", ["Input.Category"] = "proprete",
            ["Input.Name"] = "جمع النفايات", ["Input.Body"] = "{citizen}، تم جمع النفايات المشار إليها في طلبكم {reference}.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("جمع النفايات", page.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Equal(seeded + 1, page.QuerySelectorAll("table.list tbody tr").Length);

        var filed = await App.FileAsync(commune: "safi", category: "proprete", language: "ar", firstName: "Salma", lastName: "Test");
        await App.QualifyAsync(filed.Complaint.Reference);
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, "safi"));
        var screen = await cell.GetPageAsync($"/staff/complaints/{filed.Complaint.Reference}");
        var offered = screen.QuerySelectorAll("select[name='Input.Template'] option").Select(o => o.GetAttribute("data-text") ?? "").ToList();
        Assert.Contains($"Salma Test، تم جمع النفايات المشار إليها في طلبكم {filed.Complaint.Reference}.", offered);
    }

    [Fact]
    public async Task A_template_is_edited_and_deleted_and_an_empty_one_is_refused_with_what_was_typed()
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var page = await admin.GetPageAsync(Url);
        var refused = await (await admin.SubmitAsync(page, "form#template-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Sans texte", ["Input.Body"] = "",
        })).ParseAsync();
        Assert.Equal("Ce texte est obligatoire.", refused.FieldError("Input_Body"));
        Assert.Equal("Sans texte", refused.QuerySelector("#Input_Name")!.GetAttribute("value"));

        var id = await App.WithDbAsync(db => db.ResponseTemplates.Where(t => db.Communes.Any(c => c.Id == t.CommuneId && c.Code == "sefrou")).Select(t => t.Id).FirstAsync());
        var edit = await admin.GetPageAsync($"{Url}?edit={id}");
        await admin.SubmitAsync(edit, "form#template-form", new Dictionary<string, string> { ["Input.Name"] = "Titre corrigé" });
        Assert.Equal("Titre corrigé", await App.WithDbAsync(db => db.ResponseTemplates.Where(t => t.Id == id).Select(t => t.Name).SingleAsync()));

        var list = await admin.GetPageAsync(Url);
        var deleted = await admin.SubmitAsync(list, $"form[action*='id={id}']");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.ResponseTemplates.AnyAsync(t => t.Id == id)));
    }

    [Fact]
    public async Task Another_communes_templates_stay_out_of_reach()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var page = await kenitra.GetPageAsync(Url);
        Assert.DoesNotContain("Sefrou", page.Body!.TextContent);
        var sefrouTemplate = await App.WithDbAsync(db => db.ResponseTemplates.Where(t => db.Communes.Any(c => c.Id == t.CommuneId && c.Code == "sefrou")).Select(t => t.Id).FirstAsync());
        var forged = await kenitra.SubmitAsync(page, "form#template-form", new Dictionary<string, string>
        {
            ["Input.Id"] = sefrouTemplate.ToString(), ["Input.Name"] = "Piraté", ["Input.Body"] = "x",
        });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.NotEqual("Piraté", await App.WithDbAsync(db => db.ResponseTemplates.Where(t => t.Id == sefrouTemplate).Select(t => t.Name).SingleAsync()));
        var other = await kenitra.GetAsync($"{Url}?commune=sefrou");
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_cell_agent_cannot_manage_templates()
    {
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var response = await cell.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        var denied = await cell.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    public sealed class OnSqlite() : TemplatesAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TemplatesAdminPagesTests(DatabaseKind.Postgres);
}
