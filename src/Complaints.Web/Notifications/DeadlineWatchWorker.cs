namespace Complaints.Web.Notifications;

// Runs a DeadlineWatch pass at start and every Notifications:WatchMinutes (default 15) while
// Notifications:Watch is true (the default). Every instance may run it: the passes claim their work in the database.
public sealed class DeadlineWatchWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<DeadlineWatchWorker> log) : BackgroundService
{
    bool Enabled => config.GetValue("Notifications:Watch", true);

    TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Notifications:WatchMinutes", 15)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<DeadlineWatch>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed pass (database away, say) is retried at the next one.
                log.LogError(e, "Deadline watch pass failed");
            }
            try
            {
                await Task.Delay(Period, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
