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
        var communes = await Query.For(db)(db, host).ToListAsync(ct);
        Home = communes.Find(c => c.HostName == host);
        if (Home is null)
            Communes = communes;
    }

    // The commune this host name names, or, when none does, every active commune: one round trip, as the home page is
    // the most visited; compiled once per model (Data/PerModel.cs), not translated each time.
    static readonly PerModel<Func<AppDbContext, string, IAsyncEnumerable<Commune>>> Query = new(() =>
        EF.CompileAsyncQuery<AppDbContext, string, Commune>((context, host) =>
            context.Communes.AsNoTracking()
                .Where(c => c.HostName == host || c.Active && !context.Communes.Any(named => named.HostName == host))
                .OrderBy(c => c.NameFr)));
}
