using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Files;

// Uploads shown to a real clamd (ClamdServer) before they are judged and stored: a clean photo or PDF is filed, a
// known malicious file is refused in the citizen's language with the form kept and a security log line, and while the
// scanner is away every upload is refused for now (never stored unchecked) and readiness says so.
public abstract class VirusScanTests(DatabaseKind kind) : AppTest(kind)
{
    const string Client = "203.0.113.45";

    protected override Dictionary<string, string?> Settings => new() { [VirusScan.Setting] = ClamdServer.Instance.Setting };

    // The test file inside an otherwise plain PDF, as malware would sit in a document.
    static byte[] PdfWithEicar() => [.. TestImages.Pdf(), .. Encoding.ASCII.GetBytes("%"), .. ClamdServer.Eicar, .. "\n"u8];

    static int StoredFiles(TestApp app) => Directory.EnumerateFiles(app.StoragePath, "*", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task A_clean_photo_and_pdf_pass_the_scanner_and_are_stored_and_readiness_is_healthy()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(),
            [("photos", "trou.jpg", TestImages.Encode(64, 48)), ("photos", "lettre.pdf", TestImages.Pdf())]);

        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var types = await App.WithDbAsync(db => db.Attachments.OrderBy(a => a.ContentType).Select(a => a.ContentType).ToListAsync());
        Assert.Equal(["application/pdf", "image/jpeg"], types);
        Assert.Equal(2, StoredFiles(App));
        Assert.Empty(App.Logs.In(SecurityLog.Category));
        Assert.Equal("Healthy", await App.CreateClient().GetStringAsync("/health/ready"));
    }

    [Theory]
    [InlineData("fr", "Ce fichier est refusé : il a été reconnu comme dangereux")]
    [InlineData("ar", "تم رفض هذا الملف: تم التعرف عليه كملف خطير")]
    public async Task A_known_malicious_file_is_refused_as_dangerous_with_the_form_kept_nothing_stored_and_a_security_log_line(
        string language, string refused)
    {
        var citizen = App.Browser(language).From(Client);
        var form = await citizen.GetPageAsync("/sefrou/file");
        var page = await (await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(description: "Un trou profond rue 7."),
            [("photos", "trou.jpg", TestImages.Encode(64, 48)), ("photos", "facture.pdf", PdfWithEicar())])).ParseAsync();

        Assert.StartsWith(refused, page.FieldError("photos"));
        Assert.Equal("Un trou profond rue 7.", page.QuerySelector("textarea[name='Input.Description']")!.TextContent.Trim());
        // The test file alone, whatever it claims to be, is refused the same way.
        page = await (await citizen.PostFormAsync("/sefrou/file", page, Samples.Complaint(),
            [("photos", "eicar.com", ClamdServer.Eicar)])).ParseAsync();
        Assert.StartsWith(refused, page.FieldError("photos"));
        Assert.Equal(0, await App.CountComplaintsAsync());
        Assert.Equal(0, StoredFiles(App));

        var lines = App.Logs.In(SecurityLog.Category).Where(e => e.EventId.Name == "UploadInfected").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.Contains(ClamdServer.Reported, line.Message);
            Assert.Contains("/sefrou/file", line.Message);
            Assert.Contains(Client, line.Message);
            // Not the file: neither its name nor its content.
            Assert.DoesNotContain("facture", line.Message);
            Assert.DoesNotContain("EICAR-STANDARD", line.Message);
        });
    }

    [Theory]
    [InlineData("fr", "Ce fichier n'a pas pu être vérifié pour le moment : réessayez plus tard.")]
    [InlineData("ar", "تعذر فحص هذا الملف حاليا: أعيدوا المحاولة لاحقا.")]
    public async Task With_the_scanner_away_an_upload_is_refused_for_now_with_the_form_kept_and_readiness_degraded(string language, string later)
    {
        var nowhere = Path.Combine(App.StoragePath, "no-clamd.sock");
        await using var away = TestApp.StartBeside(App, new() { [VirusScan.Setting] = "unix:" + nowhere });
        var citizen = away.Browser(language);
        var form = await citizen.GetPageAsync("/sefrou/file");
        var answer = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(description: "Un trou profond rue 7."),
            [("photos", "trou.jpg", TestImages.Encode(64, 48))]);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await answer.ParseAsync();
        Assert.Equal(later, page.FieldError("photos"));
        Assert.Equal("Un trou profond rue 7.", page.QuerySelector("textarea[name='Input.Description']")!.TextContent.Trim());
        Assert.Equal(0, await App.CountComplaintsAsync());
        Assert.Equal(0, StoredFiles(away));

        var ready = await away.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        // A complaint without attachments is still filed while the scanner is away.
        var filed = await citizen.PostFormAsync("/sefrou/file", page, Samples.Complaint(), []);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
    }

    [Fact]
    public async Task A_known_malicious_file_added_through_the_staff_api_answers_problem_details_and_is_not_stored()
    {
        var filed = await App.FileAsync();
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(PdfWithEicar());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "file", "scan.pdf");

        var answer = await cell.PostAsync($"/api/v1/complaints/{filed.Complaint.Reference}/attachments", content);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Ce fichier est refusé", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Attachments.CountAsync()));
        Assert.Equal(0, StoredFiles(App));
        Assert.Single(App.Logs.In(SecurityLog.Category), e => e.EventId.Name == "UploadInfected");
    }

    [Fact]
    public async Task A_commune_logo_carrying_known_malware_is_refused_and_not_kept()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync(), "fr");
        var page = await admin.GetPageAsync("/staff/admin/communes?commune=sefrou");
        byte[] png = [.. TestImages.Encode(120, 60, SkiaSharp.SKEncodedImageFormat.Png), .. ClamdServer.Eicar];

        var refused = await admin.PostFormAsync("/staff/admin/communes?commune=sefrou&handler=Logo", page, new Dictionary<string, string>(),
            [("logo", "logo.png", png)]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ce fichier est refusé : il a été reconnu comme dangereux", (await refused.ParseAsync()).FieldError("logo"));
        Assert.Null(await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").Select(c => c.LogoStorageKey).SingleAsync()));
        Assert.Equal(0, StoredFiles(App));
    }

    public sealed class OnSqlite() : VirusScanTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : VirusScanTests(DatabaseKind.Postgres);
}
