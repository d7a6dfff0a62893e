using Complaints.Web.Files;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Receipts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages;

// The acknowledgement given at once (décret 2-17-265, loi 55-19): printable, and as a PDF.
[EnableRateLimiting(RateLimits.Filing)]
public class ReceiptModel(AppDbContext db, CitizenAccess access, AccessCodeKey codes, PdfPrinter printer, ViewRenderer renderer, IFileStore files,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const string AccessCodeKey = "AccessCode";

    public ReceiptView Receipt { get; private set; } = null!;
    public bool PdfAvailable => printer.IsAvailable;
    public string? PdfError { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        var complaint = await LoadAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return Redirect($"/track/{Uri.EscapeDataString(reference)}");
        // The code is shown once, right after filing; it is never stored in clear.
        Code = TempData[AccessCodeKey] as string;
        Receipt = ReceiptView.For(complaint, Localization.Current, Code, SiteUrl());
        return Page();
    }

    public async Task<IActionResult> OnPostPdfAsync(string reference, CancellationToken ct)
    {
        var complaint = await LoadAsync(reference, ct);
        if (complaint is null || !access.IsGranted(complaint))
            return Redirect($"/track/{Uri.EscapeDataString(reference)}");
        var codeIsRight = Code is not null && codes.Verify(Code, complaint.AccessCodeHash);
        Receipt = ReceiptView.For(complaint, Localization.Current, codeIsRight ? Code!.Trim().ToUpperInvariant() : null, SiteUrl());
        if (!codeIsRight && !string.IsNullOrWhiteSpace(Code))
        {
            // A mistyped code is said, not silently printed away; an empty one prints a receipt without it.
            ModelState.AddModelError(nameof(Code), l["error.code.wrong"]);
            Code = null;
            return Page();
        }
        var html = await renderer.RenderAsync(HttpContext, "/Pages/Shared/_ReceiptPdf.cshtml",
            Receipt with { LogoUrl = await CommuneLogo.InlineAsync(files, complaint.Commune!, ct) });
        var printed = await printer.PrintAsync(html, ct);
        if (printed.Pdf is not { } pdf)
        {
            PdfError = printed.Explain(Response, l, "receipt.pdf.unavailable");
            return Page();
        }
        return File(pdf, "application/pdf", $"{complaint.Reference}.pdf");
    }

    Task<Complaint?> LoadAsync(string reference, CancellationToken ct)
    {
        var normalized = ComplaintReference.Normalize(reference);
        return db.Complaints.AsNoTracking().AsSplitQuery()
            .Include(c => c.Commune).Include(c => c.Category).Include(c => c.District).Include(c => c.Attachments)
            .SingleOrDefaultAsync(c => c.Reference == normalized, ct);
    }

    string SiteUrl() => $"{Request.Scheme}://{Request.Host}";
}
