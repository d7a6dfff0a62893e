using System.Globalization;
using System.Text;

namespace Complaints.Web.Exports;

// RFC 4180 text that Excel opens as it is in a French or Arabic locale: UTF-8 with a BOM, ';' between fields,
// CRLF line ends (docs/decisions/0011-csv-for-excel-in-french-locales.md).
public static class CsvFile
{
    public const char Separator = ';';

    public static byte[] Write(ExportTable table) =>
        Write(table.Columns.Select(c => c.Heading), table.Rows.Select(row => table.Columns.Select(c => c.Value(row))));

    // Any table: its headings, then each row's values, typed as an ExportColumn's are.
    public static byte[] Write(IEnumerable<string> headings, IEnumerable<IEnumerable<object?>> rows)
    {
        var text = new StringBuilder();
        Line(text, headings);
        foreach (var row in rows)
            Line(text, row.Select(Text));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static string Text(object? value) => value switch
    {
        null => "",
        DateTime at => at.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => Guard(value.ToString() ?? ""),
    };

    // A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), even after
    // spaces or quotes it skips over: a leading apostrophe makes it text (OWASP "CSV Injection").
    // Only text fields get it; our own dates and numbers never start so.
    public static string Guard(string text)
    {
        var start = text.AsSpan().TrimStart([' ', '"']);
        return start.Length > 0 && start[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    // RFC 4180 quoting, quotes doubled, for a cell holding the separator, a quote or a line break; a comma
    // too, so that a reader told (or guessing) ',' still sees one cell.
    public static string Cell(string field) =>
        field.AsSpan().IndexOfAny([Separator, ',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
                text.Append(Separator);
            first = false;
            text.Append(Cell(field));
        }
        text.Append("\r\n");
    }
}
