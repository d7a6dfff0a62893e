using Complaints.Web.Data;
using Complaints.Web.Files;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Complaints.Web.Hosting;

// docs/operations.md, Health: live while the process runs; ready only when the database answers and is migrated,
// degraded when a configured virus scanner does not answer (uploads are refused meanwhile, the rest works).
public static class Health
{
    public static IServiceCollection AddAppHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"])
            .AddCheck<ScannerReady>("virus-scan", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapAppHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatus });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteStatus });
        return app;
    }

    // The built-in writer's words, with the character set every text answer names.
    static Task WriteStatus(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(report.Status.ToString());
    }

    sealed class DatabaseReady(AppDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                if (!await db.Database.CanConnectAsync(ct))
                    return HealthCheckResult.Unhealthy("The database does not answer.");
                var pending = await db.Database.GetPendingMigrationsAsync(ct);
                return pending.Any()
                    ? HealthCheckResult.Unhealthy($"{pending.Count()} migrations not applied.")
                    : HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("The database does not answer.", e);
            }
        }
    }

    sealed class ScannerReady(VirusScan scan) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await scan.AnswersAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("The virus scanner does not answer.");
    }
}
