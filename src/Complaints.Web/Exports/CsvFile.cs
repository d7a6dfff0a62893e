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

    // A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): a leading
    // apostrophe makes it text. Only text fields get it; our own dates and numbers never start so.
    public static string Guard(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
                text.Append(Separator);
            first = false;
            if (field.IndexOfAny([Separator, '"', '\r', '\n']) >= 0)
                text.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            else
                text.Append(field);
        }
        text.Append("\r\n");
    }
}
