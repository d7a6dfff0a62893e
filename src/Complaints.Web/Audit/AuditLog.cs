using Complaints.Web.Data;
using Complaints.Web.Staff;

namespace Complaints.Web.Audit;

// Adds audit rows to the unit of work: they are saved with the change they describe.
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    public void Record(StaffScope? who, string action, int? communeId = null, long? complaintId = null, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = who?.UserId,
            Actor = who?.Email ?? "system",
            Action = action,
            CommuneId = communeId,
            ComplaintId = complaintId,
            Details = details is { Length: > 1000 } ? details[..1000] : details,
        });

    // A citizen has no account: the row names them only as "citizen", and the complaint says whose.
    public void RecordCitizen(string action, int communeId, long complaintId, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = "citizen",
            Action = action,
            CommuneId = communeId,
            ComplaintId = complaintId,
            Details = details,
        });

    public async Task RecordNowAsync(StaffScope? who, string action, int? communeId = null, long? complaintId = null, string? details = null)
    {
        Record(who, action, communeId, complaintId, details);
        await db.SaveChangesAsync();
    }
}
