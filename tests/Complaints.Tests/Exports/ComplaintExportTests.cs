using System.Net;
using System.Text;
using ClosedXML.Excel;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Exports;

// The inbox's list as CSV and Excel on the figures scene (Infrastructure/FiguresScene): every line known.
public abstract class ComplaintExportTests(DatabaseKind kind) : AppTest(kind)
{
    FiguresScene scene = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        scene = await App.BuildFiguresSceneAsync();
    }

    async Task<HttpClient> AsAsync(string role, string commune = "sefrou", string? service = null, string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(role, commune, service), language);

    static async Task<List<Dictionary<string, string>>> CsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the CSV starts with a UTF-8 BOM for Excel");
        var lines = ParseCsv(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        return lines.Skip(1).Select(l => lines[0].Zip(l).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    // RFC 4180 with ';': quoted fields may hold the separator, doubled quotes and line breaks.
    static List<List<string>> ParseCsv(string text)
    {
        var lines = new List<List<string>>();
        var line = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ';') { line.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                line.Add(field.ToString());
                field.Clear();
                lines.Add(line);
                line = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.Empty(field.ToString());
        Assert.Empty(line);
        return lines;
    }

    static async Task<IXLWorksheet> SheetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return workbook.Worksheet(1);
    }

    static List<string> Column(IXLWorksheet sheet, string heading)
    {
        var column = sheet.Row(1).CellsUsed().Single(c => c.GetString() == heading).Address.ColumnNumber;
        return sheet.RowsUsed().Skip(1).Select(r => r.Cell(column).GetString()).ToList();
    }

    static IEnumerable<string> AllText(IXLWorksheet sheet) => sheet.CellsUsed().Select(c => c.GetString());

    static string? FileName(HttpResponseMessage response) =>
        response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName;

    Task<List<AuditEntry>> ExportAuditsAsync() =>
        App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ReadPersonalData && a.Details!.StartsWith("export")).ToListAsync());

    [Fact]
    public async Task The_cells_CSV_of_the_late_tab_has_B_C_and_D_with_their_words_dates_and_who_complained_and_is_audited()
    {
        var cell = await AsAsync(Roles.ComplaintsCell);
        var response = await cell.GetAsync("/staff/export?tab=late&format=csv");
        Assert.Equal("plaintes-sefrou-2026-06-15.csv", FileName(response));
        var rows = await CsvAsync(response);

        Assert.Equal(new[] { scene.B, scene.C, scene.D }.Order(), rows.Select(r => r["Référence"]).Order());
        var d = rows.Single(r => r["Référence"] == scene.D);
        // Filed at 09:30 UTC: 09:30 in Morocco, whose clocks stay on UTC during Ramadan (mid-February to late March 2026).
        Assert.Equal("10/03/2026 09:30", d["Déposée le"]);
        Assert.Equal(("Plainte", "Guichet", "Voirie et trottoirs", "Médina", "Service de la voirie", "Transmise au service compétent"),
            (d["Type"], d["Canal"], d["Sujet"], d["Quartier"], d["Service"], d["État"]));
        Assert.Equal(("oui", "", "", "", "0"), (d["En retard"], d["Réponse définitive le"], d["Jours jusqu'à la réponse définitive"], d["Dans le délai"], d["Réouvertures"]));
        Assert.Equal(("Benali", "Amina", "amina@example.test", "0612345678"), (d["Nom"], d["Prénom"], d["Courriel"], d["Téléphone"]));
        // B was rejected, then reopened: the rejection no longer stands, as in the figures.
        var b = rows.Single(r => r["Référence"] == scene.B);
        Assert.Equal(("Rouverte", "1", "", "Téléphone"), (b["État"], b["Réouvertures"], b["Réponse définitive le"], b["Canal"]));
        Assert.Equal("", rows.Single(r => r["Référence"] == scene.C)["Quartier"]);

        var audit = Assert.Single(await ExportAuditsAsync());
        Assert.Equal("export csv: 3 complaints", audit.Details);
        Assert.NotNull(audit.CommuneId);
    }

    [Fact]
    public async Task The_Excel_file_with_a_category_filter_has_typed_cells_a_table_and_a_frozen_header()
    {
        var cell = await AsAsync(Roles.ComplaintsCell);
        var response = await cell.GetAsync("/staff/export?category=voirie&sort=filed&format=xlsx");
        Assert.Equal("plaintes-sefrou-2026-06-15.xlsx", FileName(response));
        var sheet = await SheetAsync(response);

        Assert.Equal([scene.A, scene.D, scene.E], Column(sheet, "Référence"));
        Assert.False(sheet.RightToLeft);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        var table = Assert.Single(sheet.Tables);
        Assert.Equal(4, table.RowCount());
        var a = sheet.Row(2);
        int At(string heading) => sheet.Row(1).CellsUsed().Single(c => c.GetString() == heading).Address.ColumnNumber;
        Assert.Equal(XLDataType.DateTime, a.Cell(At("Déposée le")).DataType);
        Assert.Equal(new DateTime(2026, 3, 10, 9, 30, 0), a.Cell(At("Déposée le")).GetDateTime());
        Assert.Equal(new DateTime(2026, 3, 20), a.Cell(At("Réponse définitive le")).GetDateTime());
        Assert.Equal(XLDataType.Number, a.Cell(At("Jours jusqu'à la réponse définitive")).DataType);
        Assert.Equal(10, a.Cell(At("Jours jusqu'à la réponse définitive")).GetValue<int>());
        Assert.Equal(("oui", "non", "satisfait"), (a.Cell(At("Dans le délai")).GetString(), a.Cell(At("En retard")).GetString(), a.Cell(At("Avis du citoyen")).GetString()));
        // E: answered after 70 days, late answer, dissatisfied.
        Assert.Equal(["10", "", "70"], Column(sheet, "Jours jusqu'à la réponse définitive"));
        Assert.Equal(["oui", "", "non"], Column(sheet, "Dans le délai"));
        Assert.Equal(["satisfait", "", "pas satisfait"], Column(sheet, "Avis du citoyen"));
        Assert.Equal(["0612345678", "0612345678", "0612345678"], Column(sheet, "Téléphone"));
        Assert.Equal("export xlsx: 3 complaints", Assert.Single(await ExportAuditsAsync()).Details);
    }

    [Fact]
    public async Task In_Arabic_the_sheet_reads_right_to_left_with_Arabic_headings_and_words()
    {
        var cell = await AsAsync(Roles.ComplaintsCell, language: "ar");
        var sheet = await SheetAsync(await cell.GetAsync("/staff/export?category=voirie&format=xlsx"));
        Assert.True(sheet.RightToLeft);
        Assert.Equal("الشكايات", sheet.Name);
        Assert.Equal(3, Column(sheet, "المرجع").Count);
        Assert.Equal(["الطرق والأرصفة", "الطرق والأرصفة", "الطرق والأرصفة"], Column(sheet, "الموضوع"));
        Assert.Contains("راضٍ", Column(sheet, "رأي المواطن"));

        var rows = await CsvAsync(await cell.GetAsync("/staff/export?tab=late&format=csv"));
        Assert.Equal("شكاية", rows.Single(r => r["المرجع"] == scene.D)["النوع"]);
        Assert.Equal("الشباك", rows.Single(r => r["المرجع"] == scene.D)["القناة"]);
    }

    [Fact]
    public async Task An_observers_export_names_nobody_and_is_not_audited()
    {
        var observer = await AsAsync(Roles.Observer);
        var csv = await observer.GetAsync("/staff/export?format=csv");
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var rows = ParseCsv(text[1..]);
        Assert.Equal(8, rows.Count);
        Assert.DoesNotContain("Nom", rows[0]);
        Assert.DoesNotContain("Courriel", rows[0]);
        foreach (var personal in new[] { "Amina", "Benali", "amina@example.test", "0612345678" })
            Assert.DoesNotContain(personal, text);

        var sheet = await SheetAsync(await observer.GetAsync("/staff/export?format=xlsx"));
        Assert.Equal(8, sheet.RowsUsed().Count());
        Assert.DoesNotContain(AllText(sheet), t => t.Contains("Amina") || t.Contains("Benali") || t.Contains("amina@") || t.Contains("0612345678"));
        Assert.Empty(await ExportAuditsAsync());
    }

    [Fact]
    public async Task A_service_agent_exports_only_their_services_complaints_whatever_the_query_says()
    {
        var agent = await AsAsync(Roles.ServiceAgent, service: "voirie");
        var rows = await CsvAsync(await agent.GetAsync("/staff/export?service=proprete&format=csv"));
        Assert.Equal(new[] { scene.A, scene.D, scene.E }.Order(), rows.Select(r => r["Référence"]).Order());
        Assert.All(rows, r => Assert.Equal("Service de la voirie", r["Service"]));
    }

    [Fact]
    public async Task Kenitras_staff_never_get_Sefrous_lines()
    {
        var kenitra = await AsAsync(Roles.ComplaintsCell, "kenitra");
        var response = await kenitra.GetAsync("/staff/export?commune=sefrou&format=csv");
        Assert.Equal("plaintes-kenitra-2026-06-15.csv", FileName(response));
        var rows = await CsvAsync(response);
        Assert.Equal([scene.Kenitra], rows.Select(r => r["Référence"]));

        var sheet = await SheetAsync(await kenitra.GetAsync("/staff/export?q=SEF&format=xlsx"));
        Assert.DoesNotContain(AllText(sheet), t => t.StartsWith("SEF-"));
    }

    [Fact]
    public async Task A_platform_administrator_exports_every_commune_with_a_commune_column_or_one_commune()
    {
        var admin = await App.PlatformAdminAsync();
        var client = await App.StaffBrowserAsync(admin);
        var all = await client.GetAsync("/staff/export?format=csv");
        Assert.Equal("plaintes-2026-06-15.csv", FileName(all));
        var rows = await CsvAsync(all);
        Assert.Equal(8, rows.Count);
        Assert.Equal(7, rows.Count(r => r["Commune"] == "sefrou"));

        var kenitra = await CsvAsync(await client.GetAsync("/staff/export?commune=kenitra&format=csv"));
        Assert.Equal([scene.Kenitra], kenitra.Select(r => r["Référence"]));
    }

    [Fact]
    public async Task A_name_that_starts_like_a_formula_is_text_in_both_files()
    {
        var filed = await App.FileAsync(firstName: "=HYPERLINK(\"http://example.test\";\"clic\")", lastName: "-2+3", phone: "+212612345678");
        var cell = await AsAsync(Roles.ComplaintsCell);

        var rows = await CsvAsync(await cell.GetAsync($"/staff/export?q={filed.Complaint.Reference}&format=csv"));
        var row = Assert.Single(rows);
        Assert.Equal("'=HYPERLINK(\"http://example.test\";\"clic\")", row["Prénom"]);
        Assert.Equal("'-2+3", row["Nom"]);
        Assert.Equal("'+212612345678", row["Téléphone"]);

        var sheet = await SheetAsync(await cell.GetAsync($"/staff/export?q={filed.Complaint.Reference}&format=xlsx"));
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.HasFormula);
        Assert.Equal(["=HYPERLINK(\"http://example.test\";\"clic\")"], Column(sheet, "Prénom"));
        Assert.Equal(XLDataType.Text, sheet.Cell(2, sheet.Row(1).CellsUsed().Single(c => c.GetString() == "Nom").Address.ColumnNumber).DataType);
    }

    [Fact]
    public async Task A_formula_after_a_quote_and_spaces_is_text_and_commas_quotes_and_line_breaks_read_back_whole()
    {
        var firstName = "\"  =HYPERLINK(\"http://evil.example\";\"clic\")";
        var lastName = "Ben,ali \"Atlas\"\r\nseconde ligne";
        var filed = await App.FileAsync(firstName: firstName, lastName: lastName);
        var cell = await AsAsync(Roles.ComplaintsCell);

        var response = await cell.GetAsync($"/staff/export?q={filed.Complaint.Reference}&format=csv");
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        // Quoted whole, so a reader that splits on ',' instead of ';' still sees one cell.
        Assert.Contains("\"Ben,ali \"\"Atlas\"\"\r\nseconde ligne\"", text);
        var row = Assert.Single(await CsvAsync(response));
        Assert.Equal("'" + firstName, row["Prénom"]);
        Assert.Equal(lastName, row["Nom"]);
    }

    [Fact]
    public async Task The_inbox_offers_both_files_with_its_filters()
    {
        var cell = await AsAsync(Roles.ComplaintsCell);
        var page = await cell.GetPageAsync("/staff?tab=late&category=voirie&sort=-filed&page=1");
        var links = page.QuerySelectorAll("p.exports a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(["/staff/export?tab=late&category=voirie&sort=-filed&format=csv", "/staff/export?tab=late&category=voirie&sort=-filed&format=xlsx"], links);
        var rows = await CsvAsync(await cell.GetAsync(links[0]));
        Assert.Equal([scene.D], rows.Select(r => r["Référence"]));
    }

    [Fact]
    public async Task An_unknown_format_or_filter_answers_a_page_that_says_so()
    {
        var cell = await AsAsync(Roles.ComplaintsCell);
        var response = await cell.GetAsync("/staff/export?format=pdf&tab=late");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("CSV ou Excel", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("/staff?tab=late", page.QuerySelector("main a[href^='/staff?']")!.GetAttribute("href"));

        response = await cell.GetAsync("/staff/export?format=csv&status=lost");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ParseAsync()).QuerySelectorAll("[role=alert] li"));
    }

    [Fact]
    public async Task More_lines_than_an_export_holds_are_refused_with_the_count_and_the_limit()
    {
        await App.DisposeAsync();
        var app = await TestApp.StartAsync(Kind, new() { ["Exports:MaxRows"] = "2" });
        try
        {
            await app.FileAsync();
            await app.FileAsync();
            await app.FileAsync();
            var cell = await app.StaffBrowserAsync(await app.CreateAsync(Roles.ComplaintsCell));
            var response = await cell.GetAsync("/staff/export?format=xlsx");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("3 plaintes correspondent à ces filtres ; un export en contient au plus 2.", (await response.ParseAsync()).QuerySelector("[role=alert]")!.TextContent);
            Assert.Equal(HttpStatusCode.OK, (await cell.GetAsync("/staff/export?format=xlsx&category=voirie&q=x-none")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : ComplaintExportTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ComplaintExportTests(DatabaseKind.Postgres);
}
