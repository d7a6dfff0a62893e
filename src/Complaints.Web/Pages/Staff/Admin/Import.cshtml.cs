using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Import;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// A commune's services, categories, districts or staff from a CSV or Excel sheet: a preview names every row's
// outcome and every bad cell, and nothing is written until the preview is confirmed. The good rows of a sheet with
// errors can be confirmed: each row stands alone, and importing the corrected sheet again leaves the rows already
// imported unchanged (staff rows then read "e-mail taken" and are skipped), so a few typos need not hold back the rest.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
// A 2 MB sheet and the form around it; a larger upload is refused by the server before it is read.
[RequestFormLimits(MultipartBodyLengthLimit = 4 * 1024 * 1024)]
[RequestSizeLimit(4 * 1024 * 1024)]
public class ImportModel(AppDbContext db, UserManager<StaffUser> users, StaffMail mail, AuditLog audit, IDataProtectionProvider protection, TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    const string DoneKey = "import.done";
    const string SheetField = "sheet";
    const string KindField = "kind";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public string? Done { get; private set; }

    // The preview: its kind, each row checked, the sealed ticket its confirmation posts back.
    public ImportKind? Kind { get; private set; }
    public List<CheckedRow>? Rows { get; private set; }
    public ImportCounts? Counts { get; private set; }
    public string? Ticket { get; private set; }
    // The commune's lists changed between the preview and its confirmation.
    public bool Changed { get; private set; }

    // What the upload form says the sheet holds: a kind's wire name, or empty to read it from the header row.
    public string? ChosenKind { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Done = TempData[DoneKey] as string;
        return Page();
    }

    // The blank template of a kind: its header row.
    public IActionResult OnGetTemplate(string? kind) =>
        ImportColumns.Parse(kind) is { } k
            ? File(ImportColumns.Template(k), "text/csv; charset=utf-8", $"{ImportColumns.Wire(k)}.csv")
            : NotFound();

    public async Task<IActionResult> OnPostPreviewAsync(string? commune, string? kind, IFormFile? sheet, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        ChosenKind = kind;
        var chosen = string.IsNullOrEmpty(kind) ? null : ImportColumns.Parse(kind);
        if (!string.IsNullOrEmpty(kind) && chosen is null)
            AddError(KindField, "staff.import.kind", l["staff.import.error.kind"]);
        if (sheet is null || sheet.Length == 0)
        {
            AddError(SheetField, "staff.import.file", l["staff.import.error.empty"]);
            return Page();
        }
        if (sheet.Length > SheetReader.MaxBytes)
        {
            AddError(SheetField, "staff.import.file", l["staff.import.error.size", SheetReader.MaxBytes / 1024 / 1024]);
            return Page();
        }
        using var content = new MemoryStream();
        await sheet.CopyToAsync(content, ct);
        var (read, error) = SheetReader.Read(content.ToArray());
        if (read is null)
        {
            AddError(SheetField, "staff.import.file", l[error!, SheetReader.MaxBytes / 1024 / 1024, SheetReader.MaxRows]);
            return Page();
        }
        if (!ModelState.IsValid)
            return Page();
        if ((chosen ?? ImportColumns.Detect(read.Header)) is not { } sheetKind)
        {
            AddError(KindField, "staff.import.kind", l["staff.import.error.detect"]);
            return Page();
        }
        var (positions, missing) = ImportColumns.Locate(sheetKind, read.Header);
        if (missing.Count > 0)
        {
            AddError(SheetField, "staff.import.file", l["staff.import.error.columns", string.Join(", ", missing)]);
            return Page();
        }
        var rows = ImportRow.From(read, positions);
        ShowPreview(sheetKind, rows, await CommuneImport.CheckAsync(db, users, Scope, Commune, sheetKind, rows, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? commune, string? ticket, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var opened = ImportTicket.Open(protection, ticket);
        if (opened is null || opened.UserId != Scope.UserId || opened.CommuneId != Commune.Id)
        {
            AddError(SheetField, "staff.import.file", l["staff.import.error.ticket"]);
            return Page();
        }
        if (opened.ExpiredAt(clock.GetUtcNow()))
        {
            AddError(SheetField, "staff.import.file", l["staff.import.error.expired", (int)ImportTicket.Lifetime.TotalMinutes]);
            return Page();
        }
        var (rows, written) = await CommuneImport.WriteAsync(db, users, mail, audit, Scope, Commune, opened.Kind, opened.Rows, opened.Good, ct);
        if (!written)
        {
            Changed = true;
            ShowPreview(opened.Kind, opened.Rows, rows);
            return Page();
        }
        var counts = ImportCounts.Of(rows);
        TempData[DoneKey] = l["staff.import.done", counts.New, counts.Updated, counts.Unchanged, counts.Skipped].Value;
        return Redirect($"/staff/admin/import?commune={Uri.EscapeDataString(Commune.Code)}");
    }

    void ShowPreview(ImportKind kind, List<ImportRow> rows, List<CheckedRow> checkedRows)
    {
        Kind = kind;
        Rows = checkedRows;
        Counts = ImportCounts.Of(checkedRows);
        Ticket = new ImportTicket(Scope.UserId, Commune!.Id, kind, clock.GetUtcNow(), rows, CommuneImport.Good(checkedRows)).Seal(protection);
    }

    // A cell's problem as the reader reads it: the column, then what is wrong, in their language.
    public string Describe(RowProblem problem) => l["staff.import.error.cell", problem.Column, l[problem.Key, problem.Args]];

    void AddError(string key, string labelKey, string message) =>
        ModelState.AddModelError(key, string.Format(l["staff.error.field"], l[labelKey], message));

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        return true;
    }
}
