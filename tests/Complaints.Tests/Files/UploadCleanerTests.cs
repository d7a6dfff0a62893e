using System.Text;
using Complaints.Web.Files;
using SkiaSharp;

namespace Complaints.Tests.Files;

// What is stored of an upload: photos re-encoded without metadata, turned as they were taken, capped in size;
// decompression bombs and PDFs with active content refused with a message.
public class UploadCleanerTests
{
    static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public void A_photo_loses_its_exif_block_and_gps_position_and_is_turned_as_the_camera_said()
    {
        // 64 × 48 as stored, to be shown turned a quarter clockwise (EXIF orientation 6).
        var photo = TestImages.JpegWithExif(64, 48, orientation: 6);
        Assert.True(Contains(photo, "Exif\0\0"u8.ToArray()));

        var cleaned = UploadCleaner.Clean(photo, FileSignature.Jpeg);

        Assert.Null(cleaned.Error);
        var bytes = cleaned.Bytes!;
        Assert.Equal(FileSignature.Jpeg, FileSignature.Detect(bytes));
        Assert.False(Contains(bytes, "Exif"u8.ToArray()));
        Assert.False(Contains(bytes, "MM\0*"u8.ToArray()));
        // The GPS latitude's seconds (3000/100), as they were written in the block.
        Assert.False(Contains(bytes, [0, 0, 0x0B, 0xB8, 0, 0, 0, 0x64]));
        using var image = SKBitmap.Decode(bytes);
        Assert.Equal((48, 64), (image.Width, image.Height));
        // The red top-left quarter is now the top-right one.
        Assert.True(image.GetPixel(40, 8).Red > 200 && image.GetPixel(40, 8).Blue < 60);
        Assert.True(image.GetPixel(8, 8).Blue > 200 && image.GetPixel(8, 8).Red < 60);
        // Once is enough: cleaning again keeps the picture as it is.
        using var again = SKBitmap.Decode(UploadCleaner.Clean(bytes, FileSignature.Jpeg).Bytes!);
        Assert.Equal((48, 64), (again.Width, again.Height));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_png_or_webp_stays_of_its_kind(SKEncodedImageFormat format)
    {
        var kind = format == SKEncodedImageFormat.Png ? FileSignature.Png : FileSignature.Webp;
        var cleaned = UploadCleaner.Clean(TestImages.Encode(30, 20, format), kind);
        Assert.Equal(kind, FileSignature.Detect(cleaned.Bytes!));
        using var image = SKBitmap.Decode(cleaned.Bytes!);
        Assert.Equal((30, 20), (image.Width, image.Height));
    }

    [Fact]
    public void A_very_large_photo_is_brought_down_to_the_longest_side_kept()
    {
        var cleaned = UploadCleaner.Clean(TestImages.Encode(4000, 3000), FileSignature.Jpeg);
        using var image = SKBitmap.Decode(cleaned.Bytes!);
        Assert.Equal(UploadCleaner.MaxSide, image.Width);
        Assert.Equal(1920, image.Height);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_before_it_is_decoded()
    {
        var bomb = TestImages.PngBomb();
        Assert.True(bomb.Length < 100_000);
        Assert.Equal("error.photos.pixels", UploadCleaner.Clean(bomb, FileSignature.Png).Error);
    }

    [Fact]
    public void A_file_that_only_starts_like_a_photo_is_refused_as_unreadable()
    {
        byte[] fake = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("not really a picture")];
        Assert.Equal("error.photos.damaged", UploadCleaner.Clean(fake, FileSignature.Jpeg).Error);
    }

    [Fact]
    public void A_plain_pdf_is_kept_byte_for_byte()
    {
        var pdf = TestImages.Pdf("/OpenAction [ 2 0 R /Fit ] ");
        Assert.Equal(pdf, UploadCleaner.Clean(pdf, FileSignature.Pdf).Bytes);
    }

    public static TheoryData<string> ActivePdfs() => ["script", "hidden", "compressed"];

    [Theory]
    [MemberData(nameof(ActivePdfs))]
    public void A_pdf_with_a_script_is_refused_however_it_is_written(string how)
    {
        var pdf = how switch
        {
            "script" => TestImages.PdfWithScript(),
            "hidden" => TestImages.PdfWithHiddenScript(),
            _ => TestImages.PdfWithCompressedScript(),
        };
        var cleaned = UploadCleaner.Clean(pdf, FileSignature.Pdf);
        Assert.Equal("error.pdf.active", cleaned.Error);
        Assert.Null(cleaned.Bytes);
    }

    [Fact]
    public void A_pdf_that_launches_a_program_or_carries_files_is_refused()
    {
        Assert.Equal("error.pdf.active", UploadCleaner.Clean(TestImages.Pdf("/OpenAction << /S /Launch /F (cmd.exe) >> "), FileSignature.Pdf).Error);
        Assert.Equal("error.pdf.active", UploadCleaner.Clean(TestImages.Pdf("/Names << /EmbeddedFiles 5 0 R >> "), FileSignature.Pdf).Error);
    }
}
