using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Complaints.Web.Files;

// What is stored of an upload (loi 09-08): a photo is decoded and encoded again by Skia, so its EXIF block, GPS
// position and any other metadata stay behind, its orientation is applied to the pixels, and its size is capped;
// a PDF is kept as it is only when it carries no active content (scripts, launched programs, forms that send
// data, embedded files); a plain opening view or link within the document is not refused.
public static partial class UploadCleaner
{
    // Larger than any phone's photo; an image that claims more is a decompression bomb or of no use to a commune.
    public const long MaxPixels = 40_000_000;
    // The longest side kept: enough to read a street sign, small enough for an old phone on a slow line.
    public const int MaxSide = 2560;
    const int JpegQuality = 85;

    // The bytes to store, or the message key that says why the file is refused.
    public sealed record Result(byte[]? Bytes, string? Error);

    public static Result Clean(byte[] content, FileSignature.Kind kind) =>
        kind == FileSignature.Pdf ? CheckPdf(content) : ReencodeImage(content, kind);

    static Result ReencodeImage(byte[] content, FileSignature.Kind kind)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            return new(null, "error.photos.damaged");
        var info = codec.Info;
        // Judged from the header alone, before a single pixel is decoded.
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
            return new(null, "error.photos.pixels");
        using var decoded = Decode(codec);
        if (decoded is null)
            return new(null, "error.photos.damaged");
        using var oriented = Orient(decoded, codec.EncodedOrigin);
        using var sized = Fit(oriented);
        using var image = SKImage.FromBitmap(sized);
        var format = kind == FileSignature.Png ? SKEncodedImageFormat.Png
            : kind == FileSignature.Webp ? SKEncodedImageFormat.Webp
            : SKEncodedImageFormat.Jpeg;
        using var encoded = image.Encode(format, JpegQuality);
        return encoded is null ? new(null, "error.photos.damaged") : new(encoded.ToArray(), null);
    }

    // A JPEG much larger than what is kept is decoded straight at the smallest of its eighths that still covers it.
    static SKBitmap? Decode(SKCodec codec)
    {
        var size = codec.Info.Size;
        for (var eighths = 1; eighths < 8 && Math.Max(size.Width, size.Height) > MaxSide; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(scaled.Width, scaled.Height) >= MaxSide)
            {
                size = scaled;
                break;
            }
        }
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
            return bitmap;
        bitmap.Dispose();
        return null;
    }

    // The EXIF orientation becomes the pixels' own, since the tag that told it is not kept.
    static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        SKMatrix? matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (matrix is not { } m)
            return source.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var target = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height,
            source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(target);
        canvas.SetMatrix(m);
        canvas.DrawBitmap(source, 0, 0);
        return target;
    }

    static SKBitmap Fit(SKBitmap source)
    {
        var longest = Math.Max(source.Width, source.Height);
        if (longest <= MaxSide)
            return source.Copy();
        var scale = (double)MaxSide / longest;
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)),
            source.ColorType, source.AlphaType);
        return source.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    // Active content is named by a few PDF keys; a name may hide behind #xx escapes and inside compressed streams
    // (object streams), so both are read as a viewer would before looking.
    const int MaxInflated = 50 * 1024 * 1024;

    static Result CheckPdf(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content);
        if (IsActive(text))
            return new(null, "error.pdf.active");
        foreach (Match m in StreamStart().Matches(text))
        {
            var start = m.Index + m.Length;
            var end = text.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0)
                break;
            var (inflated, tooLarge) = Inflate(content, start, end - start);
            // A stream that inflates past ten times the largest upload is a bomb, not a document.
            if (tooLarge)
                return new(null, "error.pdf.active");
            if (inflated is not null && IsActive(inflated))
                return new(null, "error.pdf.active");
        }
        return new(content, null);
    }

    static bool IsActive(string pdf) => ActiveKey().IsMatch(NameEscape().Replace(pdf, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()));

    static (string? Text, bool TooLarge) Inflate(byte[] content, int offset, int count)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(content, offset, count), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxInflated)
                    return (null, true);
                output.Write(buffer, 0, read);
            }
            return (Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length), false);
        }
        catch (InvalidDataException)
        {
            // Not a Flate stream (an image, or another filter): nothing a viewer would run.
            return (null, false);
        }
    }

    [GeneratedRegex(@"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA|SubmitForm|ImportData|GoToR|GoToE)(?![A-Za-z0-9])")]
    private static partial Regex ActiveKey();

    [GeneratedRegex(@"#([0-9A-Fa-f]{2})")]
    private static partial Regex NameEscape();

    [GeneratedRegex(@"(?<!end)stream\r?\n")]
    private static partial Regex StreamStart();
}
