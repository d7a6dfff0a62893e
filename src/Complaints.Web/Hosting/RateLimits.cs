using System.Threading.RateLimiting;

namespace Complaints.Web.Hosting;

// Filing and access-code checks are limited per address: codes cannot be guessed by the thousand.
// Only writes count, so reading a page never uses up a citizen's attempts.
public static class RateLimits
{
    public const string CitizenWrites = "citizen-writes";
    // Asking for a new staff password: a few times per address, so nobody fills a colleague's mailbox.
    public const string StaffRecovery = "staff-recovery";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var enabled = config.GetValue("RateLimiting:Enabled", true);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(CitizenWrites, http => WritesPerAddress(http, 30, TimeSpan.FromMinutes(1)));
            o.AddPolicy(StaffRecovery, http => WritesPerAddress(http, 5, TimeSpan.FromMinutes(15)));
        });
        RateLimitPartition<string> WritesPerAddress(HttpContext http, int permits, TimeSpan window) =>
            enabled && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window })
                : RateLimitPartition.GetNoLimiter("off");
        return services;
    }
}
