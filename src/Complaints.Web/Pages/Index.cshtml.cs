using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Pages;

public class IndexModel(AppDbContext db) : PageModel
{
    public List<Commune> Communes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Communes = await db.Communes.AsNoTracking().OrderBy(c => c.NameFr).ToListAsync(ct);
}
