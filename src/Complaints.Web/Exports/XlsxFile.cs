using ClosedXML.Excel;
using Complaints.Web.Hosting;

namespace Complaints.Web.Exports;

// An Excel workbook with one real table: typed dates and numbers, a header row that stays in view,
// and, in Arabic, a sheet that reads right to left.
public static class XlsxFile
{
    public static byte[] Write(ExportTable table, string sheetName)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(sheetName);
        sheet.RightToLeft = Localization.IsRightToLeftLanguage(table.Language);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(table.Columns[c].Heading);
            // Widths are set, not measured: ClosedXML measures text with System.Drawing, which Linux lacks.
            sheet.Column(c + 1).Width = table.Columns[c].Width;
        }
        for (var r = 0; r < table.Rows.Count; r++)
            for (var c = 0; c < table.Columns.Count; c++)
                Set(sheet.Cell(r + 2, c + 1), table.Columns[c].Value(table.Rows[r]));

        var header = sheet.Range(1, 1, 1, table.Columns.Count);
        header.Style.Font.Bold = true;
        // A table needs a line under its header; an empty export keeps the bold header alone.
        if (table.Rows.Count > 0)
            sheet.Range(1, 1, table.Rows.Count + 1, table.Columns.Count).CreateTable("Complaints");
        sheet.SheetView.FreezeRows(1);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case DateTime at:
                cell.SetValue(at);
                cell.Style.DateFormat.Format = "dd/mm/yyyy hh:mm";
                break;
            case DateOnly day:
                cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "dd/mm/yyyy";
                break;
            case int number:
                cell.SetValue(number);
                break;
            default:
                // SetValue keeps text as text: "=..." stays a string here, never a formula; "0612..." keeps its 0.
                cell.SetValue(value.ToString());
                break;
        }
    }
}
