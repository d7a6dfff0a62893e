using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// The commune an administration screen works on: a commune administrator's own, or the one a platform
// administrator picks (none picked yet: the list to pick from). Naming a commune one may not administer
// is refused (null), so a tampered ?commune= or hidden field changes nothing.
public sealed record AdministeredCommune(List<Commune> Communes, Commune? Commune)
{
    public static async Task<AdministeredCommune?> ResolveAsync(AppDbContext db, StaffScope scope, string? code, HttpContext http, CancellationToken ct) =>
        scope.ManagesUsers ? await ChooseAsync(db, scope, code, http, ct) : null;

    // The same choice for screens every member of a commune reads (the annual report), whatever their role.
    public static async Task<AdministeredCommune?> ChooseAsync(AppDbContext db, StaffScope scope, string? code, HttpContext http, CancellationToken ct)
    {
        var communes = await db.Communes.AsNoTracking().Where(c => scope.IsPlatformAdmin || c.Id == scope.CommuneId).OrderBy(c => c.NameFr).ToListAsync(ct);
        var commune = scope.IsPlatformAdmin ? communes.SingleOrDefault(c => c.Code == code) : communes.SingleOrDefault();
        if (code is not null && commune?.Code != code)
        {
            await ReachRefusals.CommuneAsync(http, scope, code, ct);
            return null;
        }
        return new(communes, commune);
    }
}
