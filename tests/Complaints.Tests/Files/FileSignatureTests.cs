using System.Text;
using Complaints.Web.Files;

namespace Complaints.Tests.Files;

public class FileSignatureTests
{
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00];
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8];
    internal static readonly byte[] Webp = [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8];
    internal static readonly byte[] Pdf = [.. "%PDF-1.7\n%âãÏÓ\n"u8];
    internal static readonly byte[] Text = Encoding.UTF8.GetBytes("Ceci est un texte, pas une photo.");

    public static TheoryData<byte[], string, string> Accepted() => new()
    {
        { Jpeg, "image/jpeg", ".jpg" },
        { Png, "image/png", ".png" },
        { Webp, "image/webp", ".webp" },
        { Pdf, "application/pdf", ".pdf" },
    };

    public static TheoryData<string, byte[]> Refused() => new()
    {
        { "a text file renamed .jpg", Text },
        { "an empty file", [] },
        { "a Windows executable", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF] },
        { "a JPEG cut after two bytes", [0xFF, 0xD8] },
        { "a PNG with a broken signature", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x00] },
        { "a RIFF file that is a WAVE sound", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVEfmt "u8] },
        { "an HTML page", [.. "<html><body>%PDF-</body></html>"u8] },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_supported_file_is_recognised_by_its_content(byte[] head, string contentType, string extension)
    {
        var kind = FileSignature.Detect(head);

        Assert.NotNull(kind);
        Assert.Equal(contentType, kind.ContentType);
        Assert.Equal(extension, kind.Extension);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anything_else_is_refused(string what, byte[] head) =>
        Assert.True(FileSignature.Detect(head) is null, $"{what} was accepted");
}
