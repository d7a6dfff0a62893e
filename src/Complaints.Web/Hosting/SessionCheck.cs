using System.Security.Claims;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Hosting;

// Every signed-in request, by cookie or bearer token, is checked against the member's row: a deactivation, a new
// role or service, a new password or second factor renews the security stamp, and whatever was issued before is
// refused on its next request (a cookie goes back to the sign-in page, a token gets 401); so is a session signed in
// longer ago than its absolute lifetime (SessionLifetime), and one whose session record has ended (StaffSessions:
// signed out, or ended from the account page). One statement per request, reading the session and the member by
// their primary keys (bench/README.md measures it), and a write every few minutes to say the session was seen.
// Identity's SecurityStampValidator at interval zero would also rebuild the principal and reissue the cookie every
// time, and does nothing for bearer tokens.
public static class SessionCheck
{
    public static IApplicationBuilder UseSessionCheck(this IApplicationBuilder app)
    {
        // Off only to measure what it costs.
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue("Authentication:CheckEveryRequest", true))
            return app;
        // Read once, not on every request.
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var lifetime = SessionLifetime.Configured(configuration);
        return app.Use((http, next) =>
            // A citizen's or a program's request, with neither a staff cookie nor a token, has nothing to check.
            http.User.Identity?.IsAuthenticated != true && !HasBearer(http.Request) ? next(http) : CheckAsync(http, next, clock, lifetime));
    }

    static bool HasBearer(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    static async Task CheckAsync(HttpContext http, RequestDelegate next, TimeProvider clock, TimeSpan lifetime)
    {
        if (http.User.Identity?.IsAuthenticated == true && !await StandsAsync(http, http.User, clock, lifetime))
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        // The staff API authenticates its bearer tokens later, in authorization; the handler keeps this result.
        if (HasBearer(http.Request))
        {
            var bearer = await http.AuthenticateAsync(IdentityConstants.BearerScheme);
            if (bearer.Succeeded && !await StandsAsync(http, bearer.Principal, clock, lifetime))
            {
                await http.ChallengeAsync(IdentityConstants.BearerScheme);
                return;
            }
        }
        await next(http);
    }

    static async Task<bool> StandsAsync(HttpContext http, ClaimsPrincipal principal, TimeProvider clock, TimeSpan lifetime)
    {
        var claims = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var id = principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        // Only Identity's own sign-ins carry a stamp; nothing else signs staff in.
        if (id is null || stamp is null)
            return true;
        if (SessionLifetime.Expired(principal, clock, lifetime))
            return false;
        // A sign-in without a session record was issued before sessions had one: it is over.
        if (StaffSessions.HashOf(principal) is not { } session)
            return false;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        // The session and its member in one statement, both by primary key.
        var row = await (from s in db.StaffSessions
                         join u in db.Users on s.MemberId equals u.Id
                         where s.Id == session && s.MemberId == id
                         select new { u.SecurityStamp, u.DeactivatedAt, s.EndedAt, s.LastSeenAt })
            .AsNoTracking().SingleOrDefaultAsync(http.RequestAborted);
        if (row is not { DeactivatedAt: null, EndedAt: null } || row.SecurityStamp != stamp)
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - row.LastSeenAt >= StaffSessions.SeenEvery)
            await db.StaffSessions.Where(s => s.Id == session && s.LastSeenAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), http.RequestAborted);
        return true;
    }
}
