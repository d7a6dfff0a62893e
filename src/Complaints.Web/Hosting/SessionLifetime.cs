using System.Globalization;
using System.Security.Claims;

namespace Complaints.Web.Hosting;

// A staff session, by cookie or by bearer and refresh tokens, lasts at most SignIn:AbsoluteLifetime (12 hours by
// default) from the password being typed, however busy the member keeps it: the cookie slides and refresh tokens
// renew, but both carry the instant of sign-in, and SessionCheck refuses it once too old.
public static class SessionLifetime
{
    public const string SignedInClaim = "complaints:signed_in";

    public static Claim Now(TimeProvider clock) =>
        new(SignedInClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    // The earliest instant wins: a session refreshed after a change on the account page keeps its first sign-in.
    // A principal without one was issued before sessions had an end: it is over, so nothing older than the
    // lifetime can keep itself alive by refreshing.
    public static TimeSpan Configured(IConfiguration configuration) => configuration.GetValue("SignIn:AbsoluteLifetime", TimeSpan.FromHours(12));

    public static bool Expired(ClaimsPrincipal principal, TimeProvider clock, TimeSpan lifetime)
    {
        var claims = principal.FindAll(SignedInClaim).ToList();
        if (claims.Count == 0)
            return true;
        var earliest = long.MaxValue;
        foreach (var claim in claims)
        {
            if (!long.TryParse(claim.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                return true;
            earliest = Math.Min(earliest, seconds);
        }
        return clock.GetUtcNow().ToUnixTimeSeconds() - earliest >= (long)lifetime.TotalSeconds;
    }

    public static IEnumerable<Claim> Of(ClaimsPrincipal principal) =>
        principal.FindAll(SignedInClaim).Select(c => new Claim(c.Type, c.Value, c.ValueType));
}
