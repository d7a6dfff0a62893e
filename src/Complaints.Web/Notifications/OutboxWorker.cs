using Microsoft.Extensions.Options;

namespace Complaints.Web.Notifications;

// Delivers the outbox in the background: passes back to back while there is work, then a pause
// on the app's clock. A failing pass is logged and tried again; it never stops the app.
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var settings = options.Value;
        if (!settings.Worker)
            return;
        var poll = TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds));
        while (!stop.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                handled = (await scope.ServiceProvider.GetRequiredService<OutboxSender>().RunAsync(stop)).Handled;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Outbox pass failed; next try in {Poll}", poll);
            }
            if (handled > 0)
                continue;
            try
            {
                await Task.Delay(poll, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
