using System.Threading.RateLimiting;

namespace Complaints.Web.Hosting;

// Filing and access-code checks are limited per address: codes cannot be guessed by the thousand.
// Only writes count, so reading a page never uses up a citizen's attempts.
public static class RateLimits
{
    public const string CitizenWrites = "citizen-writes";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var enabled = config.GetValue("RateLimiting:Enabled", true);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(CitizenWrites, http => enabled && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("off"));
        });
        return services;
    }
}
