using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Deadlines;

// Reads what a complaint's legal clock counts by: its category's (or commune's) rules and the holidays as
// forecast and corrected by administrators. The complaint's moves do the counting (LegalClock).
public sealed class ComplaintClock(AppDbContext db)
{
    // The table is tiny, so it is read each time and every instance sees a correction at once.
    public async Task<MoroccanHolidays> HolidaysAsync(CancellationToken ct)
    {
        var corrections = await db.HolidayCorrections.AsNoTracking().ToListAsync(ct);
        return new MoroccanHolidays(corrections.Select(c => c.ToCorrection()));
    }

    public async Task<LegalClock> ForAsync(Commune commune, Category category, CancellationToken ct) =>
        new(category.RulesWithin(commune), await HolidaysAsync(ct));

    public async Task<LegalClock> ForAsync(Complaint complaint, CancellationToken ct)
    {
        var commune = complaint.Commune ?? await db.Communes.SingleAsync(c => c.Id == complaint.CommuneId, ct);
        var category = complaint.Category ?? await db.Categories.SingleAsync(c => c.Id == complaint.CategoryId, ct);
        return await ForAsync(commune, category, ct);
    }
}
