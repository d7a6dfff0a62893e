using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// The commune named in a staff API address, as the caller's scope sees it.
public static class CommunesApi
{
    // A commune the caller may see, else none: another commune answers like one that does not exist, and is logged.
    internal static async Task<Domain.Commune?> VisibleCommuneAsync(string? code, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var scope = StaffScope.From(http.User)!;
        var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code && (scope.IsPlatformAdmin || c.Id == scope.CommuneId), ct);
        if (commune is null)
            await ReachRefusals.CommuneAsync(http, scope, code, ct);
        return commune;
    }
}
