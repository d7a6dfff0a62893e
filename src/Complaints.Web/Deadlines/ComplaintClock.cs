using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Deadlines;

// Reads what a complaint's legal clock counts by: its category's (or commune's) rules and the holidays as
// forecast and corrected by administrators. The complaint's moves do the counting (LegalClock).
public sealed class ComplaintClock(AppDbContext db)
{
    // The table is tiny, so it is read each time and every instance sees a correction at once.
    public async Task<MoroccanHolidays> HolidaysAsync(CancellationToken ct) =>
        Holidays(await db.HolidayCorrections.AsNoTracking().ToListAsync(ct));

    static MoroccanHolidays Holidays(IEnumerable<StoredHolidayCorrection> corrections) => new(corrections.Select(c => c.ToCorrection()));

    // A complaint's clock with the corrections already read (a filing reads them with its category).
    public static LegalClock For(Commune commune, Category category, IEnumerable<StoredHolidayCorrection> corrections) =>
        new(category.RulesWithin(commune), Holidays(corrections));

    public async Task<LegalClock> ForAsync(Complaint complaint, CancellationToken ct)
    {
        var commune = complaint.Commune ?? await db.Communes.SingleAsync(c => c.Id == complaint.CommuneId, ct);
        var category = complaint.Category ?? await db.Categories.SingleAsync(c => c.Id == complaint.CategoryId, ct);
        return For(commune, category, await db.HolidayCorrections.AsNoTracking().ToListAsync(ct));
    }
}
