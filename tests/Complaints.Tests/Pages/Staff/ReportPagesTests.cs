using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Pages.Staff;

// The annual report on the figures scene (Infrastructure/FiguresScene): Sefrou's 2026 numbers are known.
public abstract class ReportPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/report?year=2026";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.BuildFiguresSceneAsync();
    }

    async Task<HttpClient> AsAsync(string role, string commune = "sefrou", string? service = null, string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(role, commune, service), language);

    // Spaces as people read them: French puts a narrow no-break space before "%".
    static string Text(IElement? element) =>
        string.Join(' ', (element?.TextContent ?? "").Replace('\u00A0', ' ').Replace('\u202F', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    static Dictionary<string, string[]> Rows(IDocument page, string tableId) =>
        page.QuerySelectorAll($"#{tableId} tbody tr, #{tableId} tfoot tr").ToDictionary(
            tr => Text(tr.QuerySelector("th")),
            tr => tr.QuerySelectorAll("td").Select(Text).ToArray());

    static List<double> BarXs(IDocument page, string chartId, IEnumerable<string> labels) =>
        labels.Select(label =>
        {
            var group = Chart(page, chartId).QuerySelectorAll("svg g g").Single(g => g.QuerySelector("text.label")!.TextContent == label);
            return double.Parse(group.QuerySelector("rect")!.GetAttribute("x")!, CultureInfo.InvariantCulture);
        }).ToList();

    static IElement Chart(IDocument page, string chartId) => page.GetElementById($"{chartId}-title")!.ParentElement!;

    [Fact]
    public async Task The_cell_reads_Sefrous_2026_report_in_French_with_last_year_beside_it()
    {
        var page = await (await AsAsync(Roles.ComplaintsCell)).GetPageAsync(Url);
        Assert.Equal(("fr", "ltr"), (page.DocumentElement.GetAttribute("lang"), page.DocumentElement.GetAttribute("dir")));
        var title = page.QuerySelector(".report-title")!;
        Assert.Equal("Rapport annuel 2026", Text(title.QuerySelector("h2")));
        Assert.Equal("Commune de Sefrou", Text(title.QuerySelector(".commune")));
        var other = title.QuerySelector(".commune.other span")!;
        Assert.Equal(("صفرو", "ar", "rtl"), (Text(other), other.GetAttribute("lang"), other.GetAttribute("dir")));
        Assert.Contains("Établi le 15 juin 2026", Text(title));
        Assert.Contains("2-17-265", Text(title));

        Assert.Equal(["7 Demandes reçues", "6 Traitées 85,7 %", "4 Avec réponse définitive 57,1 %"], page.QuerySelectorAll(".big-figures p").Select(Text));
        var compare = Rows(page, "report-compare");
        Assert.Equal(["7", "0"], compare["Demandes reçues"]);
        Assert.Equal(["6 (85,7 %)", "0 (—)"], compare["Traitées"]);
        Assert.Equal(["4 (57,1 %)", "0 (—)"], compare["Avec réponse définitive"]);
        Assert.Equal("1", compare["Irrecevables"][0]);
        Assert.Equal("3", compare["En retard (sans réponse définitive après l'échéance)"][0]);
        Assert.Equal(["7", "—"], compare["Délai médian de réponse définitive (jours)"]);
        Assert.Equal("21,3", compare["Délai moyen de réponse définitive (jours)"][0]);
        Assert.Equal("75,0 %", compare["Réponses définitives dans le délai légal"][0]);
        Assert.Equal("1", compare["Rouvertes ou contestées"][0]);
        Assert.Equal("1 / 2 (50,0 %)", compare["Citoyens satisfaits (sur les avis donnés)"][0]);

        // Received, treated, definitive, rejected, late, median days.
        Assert.Equal(["7", "6", "4", "1", "3", "7"], Rows(page, "report-by-kind")["Plainte"]);
        Assert.Equal(["0", "0", "0", "0", "0", "—"], Rows(page, "report-by-kind")["Observation"]);
        var months = Rows(page, "report-by-month");
        Assert.Equal(12, months.Count - 1);
        Assert.Equal(["6", "5", "3", "1", "3", "4"], months["mars"]);
        Assert.Equal(["1", "1", "1", "0", "0", "70"], months["avril"]);
        Assert.Equal(["7", "6", "4", "1", "3", "7"], months["Total"]);
        Assert.Equal("3", Rows(page, "report-by-category")["Voirie et trottoirs"][0]);
        Assert.Equal("3", Rows(page, "report-by-service")["Pas encore transmises à un service"][0]);
        Assert.Equal("1", Rows(page, "report-by-district")["Sans quartier indiqué"][0]);
        Assert.Equal("4", Rows(page, "report-by-channel")["Site web"][0]);
        Assert.Equal(["1", "100,0 %"], Rows(page, "report-by-reason")["La demande n'est pas assez claire pour être traitée."]);
        Assert.Contains("réponse en 60 jours calendaires", Text(page.QuerySelector("#report-deadlines + p")));
        Assert.Equal("1 (50,0 %)", Text(page.QuerySelectorAll("#report-after-figures dd")[2]));

        // Bars drawn on the server: March before April, left to right; the voirie bar is the longest.
        var (march, april) = (BarXs(page, "chart-months", ["mar."])[0], BarXs(page, "chart-months", ["avr."])[0]);
        Assert.True(march < april, $"March at {march}, April at {april}");
        Assert.Equal(2, Chart(page, "chart-months").QuerySelectorAll("rect").Length);
        Assert.Equal("Demandes reçues par sujet", Text(page.QuerySelector("#chart-categories-title")));
        Assert.Null(page.QuerySelector(".report script"));
        Assert.NotNull(page.QuerySelector("a#report-pdf[href='/staff/report?year=2026&commune=sefrou&handler=Pdf']"));
    }

    [Fact]
    public async Task In_Arabic_the_report_runs_right_to_left_with_the_same_figures()
    {
        var page = await (await AsAsync(Roles.Observer, language: "ar")).GetPageAsync(Url);
        Assert.Equal(("ar", "rtl"), (page.DocumentElement.GetAttribute("lang"), page.DocumentElement.GetAttribute("dir")));
        Assert.Equal("التقرير السنوي 2026", Text(page.QuerySelector(".report-title h2")));
        Assert.Equal("جماعة صفرو", Text(page.QuerySelector(".report-title .commune")));
        Assert.Equal("Sefrou", Text(page.QuerySelector(".report-title .commune.other")));
        var compare = Rows(page, "report-compare");
        Assert.Equal(["7", "0"], compare["الطلبات المتوصل بها"]);
        Assert.StartsWith("6 (85", compare["الطلبات المعالجة"][0]);
        Assert.Equal("21,3", compare["متوسط مدة الجواب النهائي (بالأيام)"][0]);
        Assert.Equal(["6", "5", "3", "1", "3", "4"], Rows(page, "report-by-month")["مارس"]);
        Assert.Equal(["1", "1", "1", "0", "0", "70"], Rows(page, "report-by-month")["أبريل"]);
        Assert.True(Rows(page, "report-by-month").ContainsKey("ماي"), "Moroccan month names");
        Assert.Equal("3", Rows(page, "report-by-category")["الطرق والأرصفة"][0]);

        // Right to left: March stands to the right of April, and category labels sit right of their bars.
        var xs = BarXs(page, "chart-months", ["مارس", "أبريل"]);
        Assert.True(xs[0] > xs[1], $"March at {xs[0]}, April at {xs[1]}");
        var voirie = Chart(page, "chart-categories").QuerySelectorAll("svg g g").Single(g => g.QuerySelector("text.label")!.TextContent == "الطرق والأرصفة");
        var labelX = double.Parse(voirie.QuerySelector("text.label")!.GetAttribute("x")!, CultureInfo.InvariantCulture);
        var bar = voirie.QuerySelector("rect")!;
        Assert.True(labelX >= double.Parse(bar.GetAttribute("x")!, CultureInfo.InvariantCulture) + double.Parse(bar.GetAttribute("width")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_service_agent_is_refused_the_report()
    {
        var agent = await AsAsync(Roles.ServiceAgent, service: "voirie");
        var response = await agent.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.GetAsync(Url + "&handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Kenitras_staff_read_Kenitras_report_and_are_refused_Sefrous()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var own = await kenitra.GetPageAsync(Url);
        Assert.Equal("Commune de Kénitra", Text(own.QuerySelector(".report-title .commune")));
        Assert.Equal("1", Rows(own, "report-compare")["Demandes reçues"][0]);
        var response = await kenitra.GetAsync(Url + "&commune=sefrou");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_platform_administrator_picks_the_commune_first()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var picker = await admin.GetPageAsync(Url);
        Assert.Null(picker.QuerySelector(".report"));
        Assert.Equal(["", "el-jadida", "kenitra", "safi", "sefrou"], picker.QuerySelectorAll("select#commune option").Select(o => o.GetAttribute("value")).Order());
        var report = await admin.GetPageAsync(Url + "&commune=sefrou");
        Assert.Equal("7", Rows(report, "report-compare")["Demandes reçues"][0]);
        var unknown = await admin.GetPageAsync(Url + "&commune=atlantis");
        Assert.Null(unknown.QuerySelector(".report"));
        Assert.NotNull(unknown.FieldError("commune"));
    }

    [Fact]
    public async Task A_year_out_of_range_is_said_next_to_the_field()
    {
        var page = await (await AsAsync(Roles.ComplaintsCell)).GetPageAsync("/staff/report?year=2031");
        Assert.Null(page.QuerySelector(".report"));
        Assert.Equal("Indiquez une année entre 2000 et 2026.", page.FieldError("year"));
        Assert.Equal("2031", page.QuerySelector("input#year")!.GetAttribute("value"));
        var lastYear = await (await AsAsync(Roles.ComplaintsCell)).GetPageAsync("/staff/report?year=2025");
        Assert.Equal(["0", "0"], Rows(lastYear, "report-compare")["Demandes reçues"]);
    }

    [Theory]
    [InlineData("fr", "Sefrou", "Rapport annuel 2026", "Demandes reçues")]
    [InlineData("ar", "صفرو", "التقرير السنوي 2026", "الطلبات المتوصل بها")]
    public async Task The_report_downloads_as_a_PDF_whose_text_has_the_commune_and_the_figures(string language, string name, string heading, string received)
    {
        var client = await AsAsync(Roles.ComplaintsCell, language: language);
        var response = await client.GetAsync(Url + "&commune=sefrou&handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("rapport-sefrou-2026.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith("%PDF-"u8), "the answer is a PDF document");
        var keep = Environment.GetEnvironmentVariable("REPORT_PDF_DIR");
        if (!string.IsNullOrEmpty(keep))
            await File.WriteAllBytesAsync(Path.Combine(keep, $"report-{language}.pdf"), bytes);

        var text = await PdfTextAsync(bytes);
        Assert.Contains(name, text);
        Assert.Contains("صفرو", text);
        Assert.Contains(heading, text);
        Assert.Contains(received, text);
        Assert.Contains("21,3", text);
        Assert.Contains("85,7", text);
    }

    [Fact]
    public async Task Without_Chromium_the_printable_page_stays_and_says_what_to_install()
    {
        await App.DisposeAsync();
        var app = await TestApp.StartAsync(Kind, new() { ["Pdf:Chromium"] = "/nonexistent/chromium" });
        try
        {
            await app.FileAsync();
            var client = await app.StaffBrowserAsync(await app.CreateAsync(Roles.ComplaintsCell));
            var page = await client.GetPageAsync(Url);
            Assert.Null(page.QuerySelector("#report-pdf"));
            Assert.Contains("apt-get install chromium", page.QuerySelector("#report-pdf-missing")!.TextContent);
            Assert.Equal("1", Rows(page, "report-compare")["Demandes reçues"][0]);
            var response = await client.GetAsync(Url + "&handler=Pdf");
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("apt-get install chromium", (await response.ParseAsync()).QuerySelector("p[role=alert]")!.TextContent);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    // The PDF's text as poppler reads it (test.sh installs poppler-utils), Arabic presentation forms folded back.
    static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-enc", "UTF-8", file, "-" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text.Normalize(NormalizationForm.FormKC);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public sealed class OnSqlite() : ReportPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ReportPagesTests(DatabaseKind.Postgres);
}
