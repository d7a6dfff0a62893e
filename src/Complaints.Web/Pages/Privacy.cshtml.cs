using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Pages;

// A commune's privacy notice on its own page, for the form, the receipt and the footer to link to.
public class PrivacyModel(AppDbContext db) : PageModel
{
    public Commune Commune { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string commune, CancellationToken ct)
    {
        if (await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == commune, ct) is not { } found)
            return NotFound();
        Commune = found;
        return Page();
    }
}
