using Complaints.Web.Exports;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// The inbox's list as a file (CSV or Excel), with the inbox's filters: every matching complaint, not one page.
// The page itself only shows when no file can be made: a bad filter, or more lines than an export holds.
public class ExportModel(ComplaintExport export, IStringLocalizer<SharedResource> l) : PageModel
{
    public static readonly string[] Formats = ["csv", "xlsx"];

    public List<string> Problems { get; } = [];
    public string BackLink { get; private set; } = "/staff";

    public async Task<IActionResult> OnGetAsync([FromQuery] IndexModel.InboxInput input, string? format, CancellationToken ct)
    {
        var scope = StaffScope.From(User)!;
        var filter = IndexModel.FilterFor(scope, input);
        BackLink = "/staff" + QueryString.Create(Request.Query.Where(q => q.Key != "format").Select(q => KeyValuePair.Create(q.Key, q.Value)));
        if (format is null || !Formats.Contains(format))
        {
            Problems.Add(l["staff.export.error.format"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var language = Hosting.Localization.Current;
        switch (await export.LoadAsync(scope, filter, format, language, ct))
        {
            case ExportResult.Invalid invalid:
                Problems.AddRange(invalid.Errors.Values.Select(key => l[key].Value));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ExportResult.TooMany tooMany:
                Problems.Add(string.Format(System.Globalization.CultureInfo.CurrentCulture, l["staff.export.error.toomany"], tooMany.Count, tooMany.Limit));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ExportResult.Ready ready:
                var name = await export.FileNameAsync(scope, filter, format, ct);
                return format == "csv"
                    ? File(CsvFile.Write(ready.Table), "text/csv; charset=utf-8", name)
                    : File(XlsxFile.Write(ready.Table, l["staff.export.sheet"]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            default:
                throw new InvalidOperationException("Unknown export result.");
        }
    }
}
