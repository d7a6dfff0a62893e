using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Exports;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The audit log (AuditReader): who did what, and who read whose personal data, filtered and paged, or the filtered
// rows as a CSV file. A commune administrator reads their commune's rows; a platform administrator every commune's.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class AuditModel(AppDbContext db, AuditReader reader, IConfiguration config, IStringLocalizer<SharedResource> l) : PageModel
{
    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public AuditPage? Result { get; private set; }

    // Named as the API's parameters, so that a link reads the same on both.
    [BindProperty(SupportsGet = true, Name = "commune")] public string? CommuneCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "user")] public string? Person { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? Action { get; set; }
    [BindProperty(SupportsGet = true, Name = "complaint")] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    // Read from the query itself: for Razor Pages, "page" is also the route value naming the page.
    int PageNumber => int.TryParse(Request.Query["page"], out var page) ? page : 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await QueryAsync(ct) is not { } query)
            return Scope is null ? Forbid() : Page();
        Result = await reader.PageAsync(query, PageNumber, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await QueryAsync(ct) is not { } query)
            return Scope is null ? Forbid() : Page();
        // As many lines as a complaints export may hold; beyond, the filters must narrow the period.
        var max = config.GetValue("Exports:MaxRows", ComplaintExport.DefaultMaxRows);
        var rows = await reader.AllAsync(query.Take(max + 1), ct);
        if (rows.Count > max)
        {
            ModelState.AddModelError("", string.Format(System.Globalization.CultureInfo.CurrentCulture, l["staff.audit.error.toomany"], max));
            Result = await reader.PageAsync(query, 1, ct);
            return Page();
        }
        var lang = Localization.Current;
        var headings = new[] { "at", "actor", "action", "commune", "complaint", "details" }.Select(h => (string)l[$"staff.audit.{h}"]);
        var file = CsvFile.Write(headings, rows.Select(r => new object?[]
        {
            TimeZoneInfo.ConvertTimeFromUtc(r.At, LegalDeadlines.Morocco), r.Actor, ActionLabel(r.Action), r.CommuneName?.In(lang), r.Reference, r.Details,
        }));
        return File(file, "text/csv; charset=utf-8", $"audit-{Commune?.Code ?? "communes"}.csv");
    }

    // People read the action in their language; an action with no words yet reads as its name.
    public string ActionLabel(string action)
    {
        var label = l[AuditActions.LabelKey(action)];
        return label.ResourceNotFound ? action : label.Value;
    }

    // This list with the same filters: another page, or the CSV file.
    public string Link(int? page = null, string? handler = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["commune"] = Scope.IsPlatformAdmin ? Commune?.Code : null,
            ["user"] = Person, ["action"] = Action, ["complaint"] = Reference, ["from"] = From, ["to"] = To,
            ["page"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return "/staff/admin/audit" + QueryString.Create(query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    // Null with Scope unset: refused; null with Scope set: the filters have errors, shown on the page.
    async Task<IQueryable<AuditEntry>?> QueryAsync(CancellationToken ct)
    {
        var scope = StaffScope.From(User)!;
        var code = string.IsNullOrWhiteSpace(CommuneCode) ? null : CommuneCode.Trim();
        if (await AdministeredCommune.ResolveAsync(db, scope, code, HttpContext, ct) is not { } administered)
            return null;
        Scope = scope;
        (Communes, Commune) = administered;
        var (query, errors) = await reader.QueryAsync(scope, Commune, new AuditFilter(Person, Action, Reference, From, To), ct);
        foreach (var (field, key) in errors)
            ModelState.AddModelError(field, l[key]);
        return query;
    }
}
