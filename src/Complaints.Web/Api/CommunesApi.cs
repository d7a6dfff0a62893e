using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// The commune named in a staff API address, as the caller's scope sees it.
public static class CommunesApi
{
    // A commune the caller may see, else none: another commune answers like one that does not exist.
    internal static async Task<Domain.Commune?> VisibleCommuneAsync(string code, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        return commune is not null && StaffScope.From(http.User)!.SeesCommune(commune.Id) ? commune : null;
    }
}
