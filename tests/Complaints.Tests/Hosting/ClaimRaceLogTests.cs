using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Hosting;

// Two instances claiming the same job run at once agree through the unique index: the loser's refused claim is
// what an operator reads as information, not an error with a stack trace; any other failed save is still an error.
public abstract class ClaimRaceLogTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_claim_another_instance_made_first_is_logged_as_information_and_other_failures_as_errors()
    {
        var at = new DateTime(2026, 11, 30, 3, 0, 0, DateTimeKind.Utc);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.JobRuns.Add(new JobRun { Job = "reminder", Key = "42@2026-12-01", At = at });
            await db.SaveChangesAsync();
        }
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.JobRuns.Add(new JobRun { Job = "reminder", Key = "42@2026-12-01", At = at });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(JobRuns.IsUniqueViolation(refused));
        }

        Assert.DoesNotContain(App.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(App.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Another instance claimed a job run first"));

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELECT * FROM \"NoSuchTable\""));
        }
        Assert.Contains(App.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("NoSuchTable"));
    }

    public sealed class OnSqlite() : ClaimRaceLogTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ClaimRaceLogTests(DatabaseKind.Postgres);
}
