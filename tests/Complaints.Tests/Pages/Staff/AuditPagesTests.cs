using System.Net;
using System.Text;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;

namespace Complaints.Tests.Pages.Staff;

// /staff/admin/audit: who did what and who read whose personal data, filtered, paged and exported.
public abstract class AuditPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Path = "/staff/admin/audit";

    static IElement[] Rows(IDocument page) => page.QuerySelectorAll("table.audit tbody tr").ToArray();

    static string[] Column(IDocument page, string column) => Rows(page).Select(r => r.QuerySelector($".{column}")!.TextContent.Trim()).ToArray();

    static async Task<IDocument> FilterAsync(HttpClient browser, IDocument page, Dictionary<string, string> values) =>
        await browser.GetPageAsync(page.GetFormUrl("#audit-filters", Path, values));

    static async Task<string[]> CsvLinesAsync(HttpClient browser, IDocument page)
    {
        var response = await browser.GetAsync(page.QuerySelector("a.export")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Filters_by_person_action_reference_and_period_and_the_export_holds_exactly_those_rows()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var colleague = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var x = (await App.FileAsync()).Complaint.Reference;
        var y = (await App.FileAsync()).Complaint.Reference;
        var (xId, yId) = (await App.ComplaintIdAsync(x), await App.ComplaintIdAsync(y));

        // 10 March: two readings and a move; 13 March: two more readings by the same person, one with a formula.
        await App.RecordAsync(cell, AuditActions.ReadPersonalData, "sefrou", xId, "page");
        await App.RecordAsync(colleague, AuditActions.ReadPersonalData, "sefrou", yId, "page");
        await App.RecordAsync(cell, "move:assign", "sefrou", xId);
        App.Clock.Advance(TimeSpan.FromDays(3));
        await App.RecordAsync(cell, AuditActions.ReadPersonalData, "sefrou", yId, "=HYPERLINK(\"http://example.test\")", step: TimeSpan.FromMinutes(5));
        await App.RecordAsync(cell, AuditActions.ReadPersonalData, "sefrou", xId, "api");

        var browser = await App.SignedInAsync(admin);
        var page = await browser.GetPageAsync(Path);
        Assert.Equal("Lecture de données personnelles",
            page.QuerySelector($"#action option[value='{AuditActions.ReadPersonalData}']")!.TextContent);

        var byPerson = await FilterAsync(browser, page, new() { ["user"] = cell.Email.ToUpperInvariant(), ["action"] = AuditActions.ReadPersonalData });
        Assert.Equal([x, y, x], Column(byPerson, "complaint"));
        Assert.Equal(["api", "=HYPERLINK(\"http://example.test\")", "page"], Column(byPerson, "details"));
        var first = Rows(byPerson)[0];
        Assert.Equal(cell.Email, first.QuerySelector(".actor")!.TextContent);
        Assert.Equal("Lecture de données personnelles", first.QuerySelector(".action")!.TextContent);
        Assert.Equal("Sefrou", first.QuerySelector(".commune")!.TextContent);
        Assert.Equal($"/staff/complaints/{x}", first.QuerySelector(".complaint a")!.GetAttribute("href"));
        // The form keeps what was asked.
        Assert.Equal(AuditActions.ReadPersonalData, byPerson.QuerySelector("#action option[selected]")!.GetAttribute("value"));

        var csv = await CsvLinesAsync(browser, byPerson);
        Assert.Equal("Quand;Qui;Action;Commune;Plainte;Détails", csv[0]);
        Assert.Equal(4, csv.Length);
        Assert.All(csv[1..], line => Assert.Contains($";{cell.Email};Lecture de données personnelles;Sefrou;", line));
        Assert.EndsWith($";{y};\"'=HYPERLINK(\"\"http://example.test\"\")\"", csv[2]);

        var byReference = await FilterAsync(browser, byPerson, new() { ["complaint"] = x.ToLowerInvariant() });
        Assert.Equal(["api", "page"], Column(byReference, "details"));
        var since = await FilterAsync(browser, byReference, new() { ["from"] = "2026-03-12" });
        Assert.Equal(["api"], Column(since, "details"));
        var until = await FilterAsync(browser, byPerson, new() { ["to"] = "2026-03-10" });
        Assert.Equal(["page"], Column(until, "details"));
        Assert.Equal([x], Column(until, "complaint"));
        var everything = await FilterAsync(browser, page, new() { ["user"] = cell.Email });
        Assert.Equal(["Lecture de données personnelles", "Lecture de données personnelles", "Transmise à un service", "Lecture de données personnelles"],
            Column(everything, "action"));

        var wrong = await FilterAsync(browser, page, new() { ["from"] = "2026-03-12", ["to"] = "2026-03-11" });
        Assert.Equal("La date de fin doit être une date au format AAAA-MM-JJ, au plus tôt la date de début.", wrong.FieldError("to"));
        Assert.Empty(Rows(wrong));
    }

    [Fact]
    public async Task Fifty_rows_a_page_newest_first_through_the_pages_own_links()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        await App.RecordAsync(cell, AuditActions.Note, "sefrou", details: "note", times: 120, step: TimeSpan.FromMinutes(1));
        await App.RecordAsync(cell, AuditActions.DocumentAdded, "sefrou", details: "document", times: 3, step: TimeSpan.FromMinutes(1));
        var browser = await App.SignedInAsync(admin);

        var first = await FilterAsync(browser, await browser.GetPageAsync(Path), new() { ["action"] = AuditActions.Note });
        Assert.Equal(50, Rows(first).Length);
        Assert.Equal("note 120", Column(first, "details")[0]);
        Assert.Equal("Page 1 sur 3", first.QuerySelector(".pager span")!.TextContent);
        Assert.Null(first.QuerySelector(".pager a[rel=prev]"));

        var second = await browser.GetPageAsync(first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal("note 70", Column(second, "details")[0]);
        var third = await browser.GetPageAsync(second.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => $"note {i}"), Column(third, "details"));
        Assert.Null(third.QuerySelector(".pager a[rel=next]"));
        var back = await browser.GetPageAsync(third.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(Column(second, "details"), Column(back, "details"));

        // The export is every filtered row, not one page.
        Assert.Equal(121, (await CsvLinesAsync(browser, second)).Length);
    }

    [Fact]
    public async Task A_commune_administrator_never_sees_another_communes_rows_and_the_platform_administrator_sees_them_all()
    {
        var sefrouCell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var kenitraCell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var sefrouComplaint = (await App.FileAsync()).Complaint.Reference;
        await App.RecordAsync(sefrouCell, AuditActions.ReadPersonalData, "sefrou", await App.ComplaintIdAsync(sefrouComplaint), "page");
        await App.RecordAsync(kenitraCell, AuditActions.Note, "kenitra", details: "kenitra");

        var kenitra = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var own = await kenitra.GetPageAsync(Path);
        Assert.Null(own.QuerySelector("select#commune"));
        Assert.All(Column(own, "commune"), c => Assert.Equal("Kénitra", c));
        Assert.Contains(kenitraCell.Email, Column(own, "actor"));
        Assert.DoesNotContain(sefrouCell.Email, Column(own, "actor"));
        Assert.Empty(Rows(await FilterAsync(kenitra, own, new() { ["complaint"] = sefrouComplaint })));
        Assert.Empty(Rows(await FilterAsync(kenitra, own, new() { ["user"] = sefrouCell.Email })));
        Assert.DoesNotContain(await CsvLinesAsync(kenitra, own), line => line.Contains(sefrouCell.Email) || line.Contains("Sefrou"));
        Assert.StartsWith("/staff/denied", (await kenitra.GetAsync($"{Path}?commune=sefrou")).Target());
        Assert.StartsWith("/staff/denied", (await kenitra.GetAsync($"{Path}?handler=Csv&commune=sefrou")).Target());

        var platform = await App.SignedInAsync(await App.PlatformAdminAsync());
        var all = await platform.GetPageAsync(Path);
        Assert.Contains(sefrouCell.Email, Column(all, "actor"));
        Assert.Contains(kenitraCell.Email, Column(all, "actor"));
        var sefrou = await FilterAsync(platform, all, new() { ["commune"] = "sefrou" });
        Assert.All(Column(sefrou, "commune"), c => Assert.Equal("Sefrou", c));
        Assert.Contains(sefrouCell.Email, Column(sefrou, "actor"));
    }

    [Fact]
    public async Task A_reading_on_the_complaint_page_shows_in_Arabic_and_a_cell_member_is_denied()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var reference = (await App.FileAsync()).Complaint.Reference;
        var cellBrowser = await App.SignedInAsync(cell);
        await cellBrowser.GetPageAsync($"/staff/complaints/{reference}");
        Assert.StartsWith("/staff/denied", (await cellBrowser.GetAsync(Path)).Target());
        Assert.StartsWith("/staff/denied", (await cellBrowser.GetAsync($"{Path}?handler=Csv")).Target());

        var admin = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), "ar");
        var page = await FilterAsync(admin, await admin.GetPageAsync(Path), new() { ["complaint"] = reference });
        Assert.Equal("rtl", page.Dir());
        var row = Assert.Single(Rows(page));
        Assert.Equal(cell.Email, row.QuerySelector(".actor")!.TextContent);
        Assert.Equal("الاطلاع على معطيات شخصية", row.QuerySelector(".action")!.TextContent);
        Assert.Equal("صفرو", row.QuerySelector(".commune")!.TextContent);
        Assert.Equal("page", row.QuerySelector(".details")!.TextContent);
    }

    public sealed class OnSqlite() : AuditPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AuditPagesTests(DatabaseKind.Postgres);
}
