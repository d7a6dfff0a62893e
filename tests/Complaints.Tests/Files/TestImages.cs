using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Complaints.Tests.Files;

// Real images, as a phone or a hostile sender would make them, built here so every byte is known.
public static class TestImages
{
    // A picture whose top-left quarter is red and the rest blue, so a rotation can be seen in the pixels.
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, red);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    // A JPEG with an EXIF block as cameras write it: an orientation, and a GPS position (33°49'30" N, 4°50'6" W).
    public static byte[] JpegWithExif(int width, int height, ushort orientation)
    {
        var jpeg = Encode(width, height);
        var tiff = new byte[140];
        var t = tiff.AsSpan();
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        // IFD0: orientation, and where the GPS directory is.
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 2);
        Entry(t[10..], 0x0112, 3, 1, (uint)orientation << 16);
        Entry(t[22..], 0x8825, 4, 1, 38);
        // GPS: latitude and longitude with their hemispheres.
        BinaryPrimitives.WriteUInt16BigEndian(t[38..], 4);
        Entry(t[40..], 0x0001, 2, 2, (uint)'N' << 24);
        Entry(t[52..], 0x0002, 5, 3, 92);
        Entry(t[64..], 0x0003, 2, 2, (uint)'W' << 24);
        Entry(t[76..], 0x0004, 5, 3, 116);
        Rationals(t[92..], (33, 1), (49, 1), (3000, 100));
        Rationals(t[116..], (4, 1), (50, 1), (600, 100));
        var segment = new List<byte> { 0xFF, 0xE1 };
        var length = 2 + 6 + tiff.Length;
        segment.Add((byte)(length >> 8));
        segment.Add((byte)length);
        segment.AddRange("Exif\0\0"u8.ToArray());
        segment.AddRange(tiff);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, tag);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], value);
    }

    static void Rationals(Span<byte> at, params (uint Numerator, uint Denominator)[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(at[(i * 8)..], values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(at[(i * 8 + 4)..], values[i].Denominator);
        }
    }

    // A few hundred bytes that claim a 20,000 × 20,000 picture: decoded, 1.6 GB of memory.
    public static byte[] PngBomb(int side = 20_000)
    {
        var png = new List<byte>(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)side);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)side);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        // Rows of zeros compress to almost nothing: a few rows are enough to look like the real thing.
        using var zeros = new MemoryStream();
        using (var z = new ZLibStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[(side * 3 + 1) * 4]);
        Chunk(png, "IDAT", zeros.ToArray());
        Chunk(png, "IEND", []);
        return [.. png];
    }

    static void Chunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.AddRange(length);
        byte[] body = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        png.AddRange(crc);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    // PDFs: plain, with a script run on opening, with the script's name hidden behind #xx escapes, and inside a
    // compressed object stream.
    public static byte[] Pdf(string catalogExtra = "") => Encoding.Latin1.GetBytes(
        $"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R {catalogExtra}>> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
        "trailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] PdfWithScript() => Pdf("/OpenAction << /S /JavaScript /JS (app.alert('x')) >> ");

    public static byte[] PdfWithHiddenScript() => Pdf("/OpenAction << /S /J#61vaScript /J#53 (app.alert('x')) >> ");

    public static byte[] PdfWithCompressedScript()
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write("3 0 obj << /S /JavaScript /JS (app.alert('x')) >> endobj"u8);
        var head = Encoding.Latin1.GetBytes($"%PDF-1.7\n4 0 obj << /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length {packed.Length} >>\nstream\n");
        var tail = Encoding.Latin1.GetBytes("\nendstream\nendobj\n1 0 obj << /Type /Catalog /OpenAction 3 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        return [.. head, .. packed.ToArray(), .. tail];
    }
}
