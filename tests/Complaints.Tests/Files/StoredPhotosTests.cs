using Complaints.Tests.Infrastructure;
using Complaints.Web.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Complaints.Tests.Files;

// Photos stored byte for byte before uploads were cleaned lose their metadata once, in place; a second pass, or a
// second instance, finds nothing left to do.
public abstract class StoredPhotosTests(DatabaseKind kind) : AppTest(kind)
{
    Task<int> PassAsync(TestApp app) => app.WithDbAsync(async _ =>
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoredPhotos>().CleanAsync(CancellationToken.None);
    });

    [Fact]
    public async Task A_photo_stored_with_its_exif_block_is_cleaned_once_and_a_document_is_left_alone()
    {
        var filed = await App.FileAsync(files: [("trou.jpg", Samples.Jpeg), ("lettre.pdf", TestImages.Pdf())]);
        // As the store held it before: the camera's block and position in the file.
        var photo = await App.WithDbAsync(db => db.Attachments.SingleAsync(a => a.ComplaintId == filed.Complaint.Id && a.ContentType == "image/jpeg"));
        var pdf = await App.WithDbAsync(db => db.Attachments.SingleAsync(a => a.ComplaintId == filed.Complaint.Id && a.ContentType == "application/pdf"));
        var path = Path.Combine(App.StoragePath, photo.StorageKey);
        await File.WriteAllBytesAsync(path, TestImages.JpegWithExif(64, 48, orientation: 6));
        await App.WithDbAsync(db => db.JobRuns.Where(j => j.Job == StoredPhotos.Job).ExecuteDeleteAsync());
        var pdfBefore = await File.ReadAllBytesAsync(Path.Combine(App.StoragePath, pdf.StorageKey));

        Assert.Equal(1, await PassAsync(App));

        var cleaned = await File.ReadAllBytesAsync(path);
        Assert.True(cleaned.AsSpan().IndexOf("Exif"u8) < 0);
        using (var image = SKBitmap.Decode(cleaned))
            Assert.Equal((48, 64), (image.Width, image.Height));
        Assert.Equal(cleaned.Length, await App.WithDbAsync(db => db.Attachments.Where(a => a.Id == photo.Id).Select(a => a.Size).SingleAsync()));
        Assert.Equal(pdfBefore, await File.ReadAllBytesAsync(Path.Combine(App.StoragePath, pdf.StorageKey)));

        // Done once: again, and from a second instance on the same database, nothing is touched.
        var stamp = File.GetLastWriteTimeUtc(path);
        Assert.Equal(0, await PassAsync(App));
        await using var second = TestApp.StartBeside(App);
        Assert.Equal(0, await PassAsync(second));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        Assert.Equal(1, await App.WithDbAsync(db => db.JobRuns.CountAsync(j => j.Job == StoredPhotos.Job && j.Key == photo.Id.ToString())));
    }

    public sealed class OnSqlite() : StoredPhotosTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StoredPhotosTests(DatabaseKind.Postgres);
}
