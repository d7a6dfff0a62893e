using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Complaints.Tests.Files;

// A citizen's photo as staff and the citizen get it back: without its camera's metadata or position; a bomb or an
// active PDF refused on the form in the citizen's language, with what they typed kept and nothing stored.
public abstract class UploadPagesTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_photo_filed_on_the_form_reaches_staff_without_exif_or_gps_and_turned_upright()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(),
            [("photos", "trou.jpg", TestImages.JpegWithExif(64, 48, orientation: 6))]);
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        var reference = receipt.QuerySelector(".reference")!.TextContent;

        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await cell.GetPageAsync($"/staff/complaints/{reference}");
        var bytes = await cell.GetByteArrayAsync(page.QuerySelector("ul.attachments a")!.GetAttribute("href"));
        Assert.True(bytes.AsSpan().IndexOf("Exif"u8) < 0);
        using var photo = SKBitmap.Decode(bytes);
        Assert.Equal((48, 64), (photo.Width, photo.Height));
        // What is stored is what is served: the file in the store carries no metadata either.
        var stored = Directory.EnumerateFiles(App.StoragePath, "*.jpg", SearchOption.AllDirectories).Single();
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));
        Assert.Equal(bytes.Length, await App.WithDbAsync(db => db.Attachments.Select(a => a.Size).SingleAsync()));
    }

    [Theory]
    [InlineData("fr", "Cette image est trop grande", "Ce PDF contient du contenu actif")]
    [InlineData("ar", "هذه الصورة كبيرة جدا", "يحتوي ملف PDF هذا على محتوى نشط")]
    public async Task A_decompression_bomb_or_a_pdf_with_a_script_is_refused_with_a_message_and_the_text_is_kept(
        string language, string bomb, string script)
    {
        var citizen = App.Browser(language);
        var form = await citizen.GetPageAsync("/sefrou/file");
        var page = await (await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(description: "Un trou profond rue 7."),
            [("photos", "photo.png", TestImages.PngBomb())])).ParseAsync();
        Assert.StartsWith(bomb, page.FieldError("photos"));
        Assert.Equal("Un trou profond rue 7.", page.QuerySelector("textarea[name='Input.Description']")!.TextContent.Trim());

        page = await (await citizen.PostFormAsync("/sefrou/file", page, Samples.Complaint(),
            [("photos", "lettre.pdf", TestImages.PdfWithScript())])).ParseAsync();
        Assert.StartsWith(script, page.FieldError("photos"));
        Assert.Equal(0, await App.CountComplaintsAsync());
        Assert.Empty(Directory.EnumerateFiles(App.StoragePath, "*", SearchOption.AllDirectories));
    }

    public sealed class OnSqlite() : UploadPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : UploadPagesTests(DatabaseKind.Postgres);
}
