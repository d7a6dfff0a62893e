using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// Audit rows for the readers' tests, written by the real audit log at the fake clock's time.
public static class AuditRows
{
    // `times` rows (their details numbered from 1 when more than one), the clock moving `step` after each.
    public static async Task RecordAsync(this TestApp app, StaffMember who, string action, string commune, long? complaint = null,
        string? details = null, int times = 1, TimeSpan? step = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var communeId = await db.Communes.Where(c => c.Code == commune).Select(c => c.Id).SingleAsync();
        for (var i = 1; i <= times; i++)
        {
            audit.Record(new StaffScope(who.Id, who.Email, who.Role, communeId, null), action, communeId, complaint, times == 1 ? details : $"{details} {i}");
            app.Clock.Advance(step ?? TimeSpan.Zero);
        }
        await db.SaveChangesAsync();
    }

    public static Task<long> ComplaintIdAsync(this TestApp app, string reference) =>
        app.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
}
