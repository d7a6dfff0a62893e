using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Pages;

// The choice of a commune; under a commune's own host name (reclamations.sefrou.ma), that commune's home instead.
public class IndexModel(AppDbContext db) : PageModel
{
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Home { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Host names are stored lower-case; the Host header may be in any case and carry a port.
        var host = Request.Host.Host.ToLowerInvariant();
        Home = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.HostName == host, ct);
        if (Home is null)
            Communes = await db.Communes.AsNoTracking().Where(c => c.Active).OrderBy(c => c.NameFr).ToListAsync(ct);
    }
}
