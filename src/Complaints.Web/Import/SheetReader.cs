using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;

namespace Complaints.Web.Import;

// A sheet as its cells: the header row, then each row with its number as the spreadsheet shows it (the header is row 1).
public sealed record Sheet(IReadOnlyList<string> Header, IReadOnlyList<SheetRow> Rows);

public sealed record SheetRow(int Number, IReadOnlyList<string> Cells);

// Reads an uploaded .xlsx workbook or a UTF-8 CSV, told apart by their content, not their name: a workbook is a zip,
// a CSV is text. Excel in French saves CSV with semicolons and often a byte-order mark; both are accepted.
public static class SheetReader
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 2000;

    // A workbook as unpacked: a 2 MB sheet of 2,000 rows unpacks to a few MB in a few dozen parts. Far more is a zip
    // bomb, refused from its central directory before any part is inflated.
    public const long MaxUnpackedBytes = 50 * 1024 * 1024;
    public const int MaxEntries = 1000;
    // Sheet XML packs about 10 to 1, rarely 100 to 1; a part of more than a megabyte packed further is made to swell.
    const int MaxRatio = 200;
    const long RatioCheckedFrom = 1024 * 1024;

    static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The sheet, or the resource key saying why it cannot be read.
    public static (Sheet? Sheet, string? Error) Read(byte[] content)
    {
        if (content.Length == 0)
            return (null, "staff.import.error.empty");
        if (content.Length > MaxBytes)
            return (null, "staff.import.error.size");
        var zip = content.AsSpan().StartsWith(ZipMagic);
        if (zip && !UnpacksWithinLimits(content))
            return (null, "staff.import.error.unpacked");
        var rows = zip ? ReadWorkbook(content) : ReadText(content);
        if (rows is null)
            return (null, "staff.import.error.format");
        // Blank rows (often left at the end of a sheet) are not rows to import.
        var filled = rows.Where(r => r.Cells.Any(c => c.Length > 0)).ToList();
        if (filled.Count == 0)
            return (null, "staff.import.error.empty");
        if (filled.Count - 1 > MaxRows)
            return (null, "staff.import.error.rows");
        return (new Sheet(filled[0].Cells, filled[1..]), null);
    }

    // The sizes each part declares in the zip's central directory. A damaged directory passes here and is refused by
    // the workbook reader; a part is never inflated beyond its declared size by .NET's zip reader.
    static bool UnpacksWithinLimits(byte[] content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
                return false;
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                if (total > MaxUnpackedBytes)
                    return false;
                if (entry.Length > RatioCheckedFrom && entry.Length / Math.Max(entry.CompressedLength, 1) > MaxRatio)
                    return false;
            }
            return true;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

    static List<SheetRow>? ReadWorkbook(byte[] content)
    {
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(content));
            var sheet = workbook.Worksheets.FirstOrDefault();
            var used = sheet?.RangeUsed();
            if (used is null)
                return [];
            var lastColumn = used.LastColumn().ColumnNumber();
            var lastRow = used.LastRow().RowNumber();
            var rows = new List<SheetRow>();
            // Reading stops once the sheet is known to be too long: a header and one row too many.
            for (var r = 1; r <= lastRow && rows.Count <= MaxRows + 1; r++)
            {
                var row = new SheetRow(r, Enumerable.Range(1, lastColumn).Select(c => sheet!.Cell(r, c).GetFormattedString().Trim()).ToList());
                if (row.Cells.Any(c => c.Length > 0))
                    rows.Add(row);
            }
            return rows;
        }
        // A zip that is not a workbook, or a damaged one: the packaging and spreadsheet libraries throw many kinds of
        // exceptions on what they cannot read, and an upload is never trusted.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    static List<SheetRow>? ReadText(byte[] content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
            text = text[1..];
        // Binary content that happens to be valid UTF-8 (an image, a PDF) is not a sheet either.
        if (text.Contains('\0'))
            return null;
        return ParseCsv(text, Separator(text));
    }

    // The header row decides: whichever of ; and , it holds more of, outside quotes.
    static char Separator(string text)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\n' or '\r')
                break;
            else if (!quoted && c == ';')
                semicolons++;
            else if (!quoted && c == ',')
                commas++;
        }
        return semicolons > commas ? ';' : ',';
    }

    // RFC 4180: quoted fields may hold separators, line breaks and doubled quotes.
    static List<SheetRow> ParseCsv(string text, char separator)
    {
        var rows = new List<SheetRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        void EndCell()
        {
            cells.Add(cell.ToString().Trim());
            cell.Clear();
        }
        void EndRow()
        {
            EndCell();
            // Numbered as a spreadsheet opening the file numbers them: one row per record.
            rows.Add(new SheetRow(rows.Count + 1, cells));
            cells = [];
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    cell.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == separator)
                EndCell();
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                EndRow();
            }
            else
                cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0)
            EndRow();
        return rows;
    }
}
