using Complaints.Web.Files;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Receipts;
using Complaints.Web.Reports;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// The commune's annual report (décret 2-17-265): a printable page in the reader's language, and the same
// report as a PDF printed by headless Chromium (docs/decisions/0004). Service agents see their service only,
// so the commune's report is not theirs; a platform administrator picks the commune.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin},{Roles.ComplaintsCell},{Roles.Observer}")]
public class ReportModel(AppDbContext db, FiguresQuery figures, PdfPrinter printer, ViewRenderer renderer, TimeProvider clock, IFileStore files,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const int FirstYear = 2000;

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public int Year { get; private set; }
    // What the year field shows: the year read, or what was typed when it could not be.
    public string YearInput { get; private set; } = "";
    public int LastYear { get; private set; }
    public AnnualReport? Report { get; private set; }
    public bool PdfAvailable => printer.IsAvailable;
    public string? PdfError { get; private set; }

    public string PdfLink => $"/staff/report?year={Year}&commune={Uri.EscapeDataString(Commune!.Code)}&handler=Pdf";

    public async Task<IActionResult> OnGetAsync(string? year, string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(year, commune, ct))
            return Forbid();
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(string? year, string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(year, commune, ct))
            return Forbid();
        if (Report is null)
            return Page();
        var html = await renderer.RenderAsync(HttpContext, "/Pages/Shared/_ReportPdf.cshtml",
            Report with { Logo = await CommuneLogo.InlineAsync(files, Report.Commune, ct) });
        var printed = await printer.PrintAsync(html, ct);
        if (printed.Pdf is not { } pdf)
        {
            PdfError = printed.Explain(Response, l, "report.pdf.unavailable");
            return Page();
        }
        return File(pdf, "application/pdf", $"rapport-{Report.Commune.Code}-{Report.Year}.pdf");
    }

    // False when the reader names a commune that is not theirs. Without a commune (a platform administrator
    // who has not picked one yet) or with a year out of range, there is no report, only the form.
    async Task<bool> LoadAsync(string? year, string? commune, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        var today = LegalDeadlines.Today(clock);
        LastYear = today.Year;
        var chosen = await AdministeredCommune.ChooseAsync(db, Scope, string.IsNullOrWhiteSpace(commune) ? null : commune, HttpContext, ct);
        if (chosen is null)
        {
            if (!Scope.IsPlatformAdmin)
                return false;
            // An unknown commune: the platform administrator picks again from the list.
            Communes = await db.Communes.AsNoTracking().OrderBy(c => c.NameFr).ToListAsync(ct);
            return Unknown();
        }
        (Communes, Commune) = (chosen.Communes, chosen.Commune);

        Year = today.Year;
        YearInput = string.IsNullOrWhiteSpace(year) ? Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : year.Trim();
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked)
                || asked < FirstYear || asked > today.Year)
            {
                ModelState.AddModelError("year", string.Format(System.Globalization.CultureInfo.CurrentCulture, l["report.error.year"], FirstYear, today.Year));
                return true;
            }
            Year = asked;
        }
        if (Commune is not null)
            Report = await AnnualReport.BuildAsync(figures, Commune, Year, today, Localization.Current, ct);
        return true;
    }

    bool Unknown()
    {
        ModelState.AddModelError("commune", l["stats.error.commune"]);
        return true;
    }
}
