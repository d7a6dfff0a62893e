using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Scheduling;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Privacy;

// The retention pass once a Moroccan day, on whichever instance claims the day first (a JobRun row), while
// PersonalData:Worker is true (the default). It looks every hour, so a day is not missed across a restart.
public sealed class PersonalDataWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<PersonalDataWorker> log) : BackgroundService
{
    public const string Job = "anonymize";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("PersonalData:Worker", true))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (await ClaimTodayAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken))
                {
                    await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(stoppingToken);
                    // Staff session records name client addresses: they go some time after the session ends.
                    await scope.ServiceProvider.GetRequiredService<StaffSessions>().PurgeAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "The personal data retention pass failed; it runs again within the hour");
            }
            await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    async Task<bool> ClaimTodayAsync(AppDbContext db, CancellationToken ct)
    {
        var day = LegalDeadlines.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        db.JobRuns.Add(new JobRun { Job = Job, Key = day, At = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (JobRuns.IsUniqueViolation(e))
        {
            return false;
        }
    }
}
