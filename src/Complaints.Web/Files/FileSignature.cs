namespace Complaints.Web.Files;

// Uploads are judged by their first bytes, never by their name or declared type.
public static class FileSignature
{
    public sealed record Kind(string ContentType, string Extension);

    public static readonly Kind Jpeg = new("image/jpeg", ".jpg");
    public static readonly Kind Png = new("image/png", ".png");
    public static readonly Kind Webp = new("image/webp", ".webp");
    public static readonly Kind Pdf = new("application/pdf", ".pdf");

    public static Kind? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
            return Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return Png;
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return Webp;
        if (head.StartsWith("%PDF-"u8))
            return Pdf;
        return null;
    }
}
