using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Complaints.Web.Hosting;

// Refusals worth an operator's attention, written as warnings to the application log under one category (ASVS 16.3.2,
// 16.3.3): who or which address, which method and path, why. Never a query string, form field, cookie or token: the
// path names a page or a complaint's reference, nothing a citizen typed.
public static partial class SecurityLog
{
    public const string Category = "Complaints.Security";

    public static ILogger For(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    public static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(EventId = 1, EventName = "AuthorizationRefused", Level = LogLevel.Warning,
        Message = "Authorization refused: {Method} {Path} to member {UserId} from {Client}")]
    public static partial void AuthorizationRefused(this ILogger log, string method, string path, string userId, string client);

    [LoggerMessage(EventId = 2, EventName = "AntiforgeryRefused", Level = LogLevel.Warning,
        Message = "Antiforgery token missing or invalid: {Method} {Path} from {Client}")]
    public static partial void AntiforgeryRefused(this ILogger log, string method, string path, string client);

    [LoggerMessage(EventId = 3, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "Request limit {Policy} reached: {Method} {Path} from {Client}")]
    public static partial void RateLimited(this ILogger log, string policy, string method, string path, string client);

    [LoggerMessage(EventId = 4, EventName = "SignInThrottled", Level = LogLevel.Warning,
        Message = "Sign-in refused unchecked after failed attempts: from {Client}, next attempt in {Seconds} s")]
    public static partial void SignInThrottled(this ILogger log, string client, int seconds);

    [LoggerMessage(EventId = 5, EventName = "OutOfReach", Level = LogLevel.Warning,
        Message = "Item out of reach refused as unknown: {Method} {Path} to member {UserId} of commune {CommuneId}, {Kind} {Key}, from {Client}")]
    public static partial void OutOfReach(this ILogger log, string method, string path, string userId, string communeId, string kind, string key, string client);

    // The signature clamd named, never the file or its name (Files/VirusScan).
    [LoggerMessage(EventId = 6, EventName = "UploadInfected", Level = LogLevel.Warning,
        Message = "Upload refused as infected ({Signature}): {Path} from {Client}")]
    public static partial void UploadInfected(this ILogger log, string signature, string path, string client);

    // Every role refusal, wherever it is decided (an authorization policy, a page's Forbid(), an API's 403): the API
    // answers 403, a page redirects to the denied page.
    public static IApplicationBuilder UseRefusalLog(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        var response = http.Response;
        if (!ReachRefusals.AlreadyLogged(http) && (response.StatusCode == StatusCodes.Status403Forbidden
            || (response.StatusCode == StatusCodes.Status302Found && IsDenied(response.Headers.Location.ToString()))))
        {
            For(http).AuthorizationRefused(http.Request.Method, http.Request.Path.Value ?? "/",
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", Client(http));
        }
    });

    static bool IsDenied(string location) =>
        Uri.TryCreate(new Uri("http://host"), location, out var target) && target.AbsolutePath == Authentication.DeniedPath;

    public static IMvcBuilder LogRefusedAntiforgery(this IMvcBuilder mvc) => mvc.AddMvcOptions(o => o.Filters.Add(new RefusedAntiforgery()));

    // The pages check every form's token in an authorization filter; only filters that always run see its refusal.
    sealed class RefusedAntiforgery : IAlwaysRunResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.Result is IAntiforgeryValidationFailedResult)
                For(context.HttpContext).AntiforgeryRefused(context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value ?? "/", Client(context.HttpContext));
        }

        public void OnResultExecuted(ResultExecutedContext context) { }
    }
}
