using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Citizens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Pages;

public abstract class CitizenPagesTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Home_lists_the_four_demo_communes_in_French()
    {
        var page = await App.Browser("fr").GetPageAsync("/");
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        var communes = page.QuerySelectorAll(".communes a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/el-jadida/file", "/kenitra/file", "/safi/file", "/sefrou/file"], communes.Order());
        Assert.Contains("Kénitra", page.Body!.TextContent);
    }

    [Fact]
    public async Task Home_follows_the_browser_language_and_is_right_to_left_in_Arabic()
    {
        var page = await App.Browser("ar-MA,ar;q=0.9").GetPageAsync("/");
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("صفرو", page.Body!.TextContent);
        Assert.Contains("تقديم طلب", page.Body.TextContent);
    }

    [Fact]
    public async Task The_form_offers_the_communes_categories_and_districts_in_the_readers_language()
    {
        var page = await App.Browser("ar").GetPageAsync("/sefrou/file");
        var categories = page.QuerySelectorAll("#Input_Category option").Select(o => o.GetAttribute("value")).Where(v => v != "").ToList();
        Assert.Equal(["eclairage-public", "voirie", "proprete", "espaces-verts", "urbanisme", "etat-civil", "autre"], categories);
        Assert.Contains("الإنارة العمومية", page.QuerySelector("#Input_Category")!.TextContent);
        Assert.Contains("حبونة", page.QuerySelector("#Input_District")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_commune_is_a_404_page_in_the_readers_language()
    {
        var response = await App.Browser("fr").GetAsync("/atlantis/file");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", (await response.ParseAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task Filing_with_a_photo_gives_a_receipt_with_reference_and_access_code_at_once()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var response = await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(), [("photos", "trou.jpg", Samples.Jpeg)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/receipt/SEF-2026-000001", response.Headers.Location!.OriginalString);

        var receipt = await client.GetPageAsync("/receipt/SEF-2026-000001");
        Assert.Equal("SEF-2026-000001", receipt.QuerySelector(".reference")!.TextContent);
        var code = receipt.QuerySelector(".secret")!.TextContent;
        Assert.Matches("^[A-Z2-9]{8}$", code);
        Assert.Contains("09/05/2026", receipt.Body!.TextContent); // 60 days, the day of filing not counted

        var saved = await App.WithDbAsync(db => db.Complaints.Include(c => c.Attachments).Include(c => c.Timeline).SingleAsync());
        Assert.True(App.Services.GetRequiredService<AccessCodeKey>().Verify(code, saved.AccessCodeHash));
        Assert.Equal("fr", saved.Language);
        Assert.Equal("Amina", saved.Complainant.FirstName);
        var attachment = Assert.Single(saved.Attachments);
        Assert.Equal("image/jpeg", attachment.ContentType);
        Assert.True(File.Exists(Path.Combine(App.StoragePath, attachment.StorageKey)));
        Assert.Single(saved.Timeline, t => t.Kind == Web.Domain.TimelineKind.Filed && t.VisibleToCitizen);

        // The code is shown once: a later visit to the receipt no longer prints it.
        var again = await client.GetPageAsync("/receipt/SEF-2026-000001");
        Assert.Null(again.QuerySelector(".secret"));
    }

    [Fact]
    public async Task Filing_in_Arabic_keeps_the_citizens_language_for_later_messages()
    {
        var client = App.Browser("ar");
        var form = await client.GetPageAsync("/kenitra/file");
        var fields = Samples.Complaint("proprete", "النفايات لم تجمع منذ أسبوع في زنقة 5");
        var response = await client.PostFormAsync("/kenitra/file", form, fields);
        Assert.Equal("/receipt/KEN-2026-000001", response.Headers.Location!.OriginalString);
        var receipt = await client.GetPageAsync("/receipt/KEN-2026-000001");
        Assert.Equal("rtl", receipt.DocumentElement.GetAttribute("dir"));
        Assert.Contains("النظافة والنفايات", receipt.Body!.TextContent);
        Assert.Equal("ar", await App.WithDbAsync(db => db.Complaints.Select(c => c.Language).SingleAsync()));
    }

    [Fact]
    public async Task An_invalid_form_keeps_what_was_typed_and_names_each_wrong_field_in_French()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint(category: "", description: "");
        fields["Input.Email"] = "pas-une-adresse";
        fields["Input.Address"] = "Rue des Orangers";
        var response = await client.PostFormAsync("/sefrou/file", form, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Choisissez un sujet.", page.FieldError("Input_Category"));
        Assert.Equal("Décrivez votre demande.", page.FieldError("Input_Description"));
        Assert.StartsWith("Cette adresse e-mail n'est pas valide", page.FieldError("Input_Email"));
        Assert.Equal("Rue des Orangers", page.QuerySelector("#Input_Address")!.GetAttribute("value"));
        Assert.Equal("pas-une-adresse", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("Amina", page.QuerySelector("#Input_FirstName")!.GetAttribute("value"));
        Assert.Equal(3, page.QuerySelectorAll(".error-summary li").Length);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task An_invalid_form_speaks_Arabic_to_an_Arabic_reader()
    {
        var client = App.Browser("ar");
        var form = await client.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint(description: "قصير");
        fields["Input.Phone"] = "abc";
        var page = await (await client.PostFormAsync("/sefrou/file", form, fields)).ParseAsync();
        Assert.Equal("الوصف قصير جدا: 10 أحرف على الأقل.", page.FieldError("Input_Description"));
        Assert.StartsWith("رقم الهاتف غير صحيح", page.FieldError("Input_Phone"));
        Assert.Equal("قصير", page.QuerySelector("#Input_Description")!.TextContent);
    }

    [Fact]
    public async Task An_oversized_description_is_refused_and_kept()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var tooLong = new string('a', 4001);
        var page = await (await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(description: tooLong))).ParseAsync();
        Assert.StartsWith("La description est trop longue", page.FieldError("Input_Description"));
        Assert.Equal(tooLong, page.QuerySelector("#Input_Description")!.TextContent);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task An_unknown_category_or_district_is_refused()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint(category: "piscines");
        fields["Input.District"] = "d99";
        var page = await (await client.PostFormAsync("/sefrou/file", form, fields)).ParseAsync();
        Assert.Equal("Ce sujet n'existe pas dans cette commune.", page.FieldError("Input_Category"));
        Assert.Equal("Ce quartier n'existe pas dans cette commune.", page.FieldError("Input_District"));
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_file_named_jpg_that_is_not_an_image_is_refused_and_the_citizen_is_told_to_choose_again()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var page = await (await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(), [("photos", "photo.jpg", Samples.NotAnImage)])).ParseAsync();
        Assert.StartsWith("Seules les photos JPEG", page.FieldError("photos"));
        Assert.NotNull(page.QuerySelector(".notice"));
        Assert.Equal(0, await App.CountComplaintsAsync());
        Assert.Empty(Directory.EnumerateFiles(App.StoragePath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task More_than_three_files_or_one_over_5_MB_are_refused()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var four = Enumerable.Range(1, 4).Select(i => ("photos", $"p{i}.jpg", Samples.Jpeg));
        var page = await (await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(), four)).ParseAsync();
        Assert.Equal("Trois fichiers au plus.", page.FieldError("photos"));

        var big = Samples.Jpeg.Concat(new byte[5 * 1024 * 1024]).ToArray();
        page = await (await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(), [("photos", "big.jpg", big)])).ParseAsync();
        Assert.Equal("Chaque fichier doit faire 5 Mo au plus.", page.FieldError("photos"));
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_script_in_the_description_is_shown_as_text()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        const string attack = "<script>alert('x')</script> la lampe est cassée";
        await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(description: attack));
        var raw = await (await client.GetAsync("/track/SEF-2026-000001")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", raw);
        Assert.Contains("&lt;script&gt;alert", raw);
    }

    public sealed class OnSqlite() : CitizenPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CitizenPagesTests(DatabaseKind.Postgres);
}
