namespace Complaints.Web.Hosting;

public static class SecurityHeaders
{
    // No inline script or style anywhere, so the policy can be strict.
    const string Policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    // Not async: nothing happens after the rest of the pipeline, so no state machine is allocated per request.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = Policy;
        // What antiforgery sets on a page with a form: said here first, it is not overridden with a warning
        // logged on every such page (bench/README.md, reading under load).
        if (CarriesPersonalData(http.Request.Path))
        {
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }
        return next(http);
    });

    // Loi 09-08: what names a complainant or shows their complaint is kept by no browser or proxy cache. Every
    // staff screen and download, the staff API (but its public figures), the citizen's own complaint and receipt.
    static bool CarriesPersonalData(PathString path) =>
        path.StartsWithSegments("/staff") || path.StartsWithSegments("/track") || path.StartsWithSegments("/receipt")
        || path.StartsWithSegments("/api/v1") && !path.StartsWithSegments("/api/v1/public");
}
