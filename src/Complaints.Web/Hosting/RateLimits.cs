using System.Security.Claims;
using System.Threading.RateLimiting;
using Complaints.Web.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Hosting;

// Requests are limited per client, the address TransportSecurity leaves once a known proxy has spoken: codes cannot be
// guessed nor forms filed by the thousand, and no caller takes an API for itself. Each limit is a fixed window kept in
// this instance's memory (docs/decisions/0015-request-limits-per-instance.md); docs/security.md lists them.
public static class RateLimits
{
    // The filing form and its receipt.
    public const string Filing = "Filing";
    // The access-code check and what a citizen does on their complaint's page.
    public const string Tracking = "Tracking";
    // Staff sign-in: the password and code pages, the API's login and refresh.
    public const string Login = "Login";
    // Asking for a new staff password: a few times per address, so nobody fills a colleague's mailbox.
    public const string Recovery = "Recovery";
    // Open311's reads and the public figures.
    public const string PublicApi = "PublicApi";
    // A request filed through Open311.
    public const string Open311Filing = "Open311Filing";
    // The staff API, per signed-in member.
    public const string StaffApi = "StaffApi";

    // Pages count only what is sent to them, so reading never uses up a citizen's attempts; an API counts every call.
    sealed record Limit(int PermitLimit, int WindowSeconds, bool CountsReads);

    // Each one is configurable as RateLimiting:<name>:PermitLimit and RateLimiting:<name>:WindowSeconds.
    static readonly Dictionary<string, Limit> Defaults = new()
    {
        [Filing] = new(30, 60, CountsReads: false),
        [Tracking] = new(30, 60, CountsReads: false),
        [Login] = new(20, 60, CountsReads: false),
        [Recovery] = new(5, 900, CountsReads: false),
        [PublicApi] = new(300, 60, CountsReads: true),
        [Open311Filing] = new(30, 60, CountsReads: true),
        [StaffApi] = new(600, 60, CountsReads: true),
    };

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, config) =>
        {
            var enabled = config.GetValue("RateLimiting:Enabled", true);
            var limits = Defaults.ToDictionary(d => d.Key, d => Configured(config, d.Key, d.Value));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var (name, limit) in limits)
                o.AddPolicy(name, http => enabled && (limit.CountsReads || !IsRead(http.Request))
                    ? RateLimitPartition.GetFixedWindowLimiter(name == StaffApi ? Member(http) : ClientAddress.Of(http.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = TimeSpan.FromSeconds(limit.WindowSeconds) })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (rejected, _) => RefuseAsync(rejected, limits);
        });
        return services;
    }

    static Limit Configured(IConfiguration config, string name, Limit defaults)
    {
        var limit = defaults with
        {
            PermitLimit = config.GetValue($"RateLimiting:{name}:PermitLimit", defaults.PermitLimit),
            WindowSeconds = config.GetValue($"RateLimiting:{name}:WindowSeconds", defaults.WindowSeconds),
        };
        return limit.PermitLimit >= 1 && limit.WindowSeconds >= 1 ? limit
            : throw new InvalidOperationException($"RateLimiting:{name}: PermitLimit and WindowSeconds must be at least 1.");
    }

    static bool IsRead(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    // A member of staff is one client wherever they call from; a call without a valid token counts for its address.
    static string Member(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"member:{id}" : ClientAddress.Of(http.Connection.RemoteIpAddress);

    // Every refusal says when to try again; an API answers in its own error format, a page is the error page
    // (Error?code=429, from the status-code pages) in the reader's language.
    static async ValueTask RefuseAsync(OnRejectedContext rejected, IReadOnlyDictionary<string, Limit> limits)
    {
        var http = rejected.HttpContext;
        var seconds = RetryAfter.Set(http.Response, Wait(rejected, limits));
        SecurityLog.For(http).RateLimited(PolicyName(http) ?? "global", http.Request.Method, http.Request.Path.Value ?? "/", SecurityLog.Client(http));
        if (http.Request.Path.StartsWithSegments("/open311"))
        {
            var fmt = http.GetRouteValue("fmt") as string == "xml" ? "xml" : "json";
            await Open311Api.Error(fmt, StatusCodes.Status429TooManyRequests,
                $"too many requests from this address: try again in {seconds} seconds").ExecuteAsync(http);
        }
        else if (http.Request.Path.StartsWithSegments("/api"))
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await TypedResults.Problem(l["api.ratelimited", seconds], statusCode: StatusCodes.Status429TooManyRequests,
                title: l["api.ratelimited.title"]).ExecuteAsync(http);
        }
    }

    static string? PolicyName(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    // What the limiter says when it knows, else the window of the endpoint's policy.
    static TimeSpan Wait(OnRejectedContext rejected, IReadOnlyDictionary<string, Limit> limits) =>
        rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : PolicyName(rejected.HttpContext) is { } name
              && limits.TryGetValue(name, out var limit) ? TimeSpan.FromSeconds(limit.WindowSeconds)
            : TimeSpan.FromSeconds(limits.Values.Max(p => p.WindowSeconds));
}
