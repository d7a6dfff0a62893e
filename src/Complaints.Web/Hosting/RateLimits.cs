using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Complaints.Web.Hosting;

// Filing and access-code checks are limited per address: codes cannot be guessed by the thousand.
// Only writes count, so reading a page never uses up a citizen's attempts.
public static class RateLimits
{
    public const string CitizenWrites = "citizen-writes";
    // Asking for a new staff password: a few times per address, so nobody fills a colleague's mailbox.
    public const string StaffRecovery = "staff-recovery";

    static readonly Dictionary<string, (int Permits, TimeSpan Window)> Policies = new()
    {
        [CitizenWrites] = (30, TimeSpan.FromMinutes(1)),
        [StaffRecovery] = (5, TimeSpan.FromMinutes(15)),
    };

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var enabled = config.GetValue("RateLimiting:Enabled", true);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var (name, (permits, window)) in Policies)
                o.AddPolicy(name, http => WritesPerAddress(http, permits, window));
            // Every refusal, page or API, says when to try again, so a client waits instead of hammering.
            o.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds(rejected).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        RateLimitPartition<string> WritesPerAddress(HttpContext http, int permits, TimeSpan window) =>
            enabled && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window })
                : RateLimitPartition.GetNoLimiter("off");
        return services;
    }

    // What the limiter says when it knows, else the window of the endpoint's policy: never less than a second.
    static int RetryAfterSeconds(OnRejectedContext rejected)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName is { } name
              && Policies.TryGetValue(name, out var policy) ? policy.Window
            : Policies.Values.Max(p => p.Window);
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }
}
