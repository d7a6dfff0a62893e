namespace Complaints.Web.Notifications;

// Runs a DeadlineWatch pass at start and every Notifications:WatchMinutes (default 15) while
// Notifications:Watch is true (the default). Every instance may run it: the passes claim their work in the database.
public sealed class DeadlineWatchWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<DeadlineWatchWorker> log) : BackgroundService
{
    readonly Lock gate = new();
    TaskCompletionSource passed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int passes;

    public bool Enabled => config.GetValue("Notifications:Watch", true);

    public TimeSpan Period => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Notifications:WatchMinutes", 15)));

    public int Passes
    {
        get { lock (gate) return passes; }
    }

    // Completes once `count` passes have run (and the wait for the next one is under way): lets tests move the clock.
    public async Task PassedAsync(int count, CancellationToken ct)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (passes >= count)
                    return;
                next = passed.Task;
            }
            await next.WaitAsync(ct);
        }
    }

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
            // The timer is set before the pass is announced, so a clock moved after the announcement wakes it.
            var wait = Task.Delay(Period, clock, stoppingToken);
            Announce();
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    void Announce()
    {
        lock (gate)
        {
            passes++;
            passed.SetResult();
            passed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
