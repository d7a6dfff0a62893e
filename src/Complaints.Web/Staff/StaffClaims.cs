using System.Globalization;
using System.Security.Claims;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Staff;

// Adds the commune and service to the sign-in, so each request is scoped without a lookup.
public sealed class StaffClaims(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options,
    TimeProvider clock)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.CommuneId is { } commune)
            identity.AddClaim(new Claim(StaffScope.CommuneClaim, commune.ToString(CultureInfo.InvariantCulture)));
        if (user.ServiceId is { } service)
            identity.AddClaim(new Claim(StaffScope.ServiceClaim, service.ToString(CultureInfo.InvariantCulture)));
        if (user.Email is { } email && identity.FindFirst(ClaimTypes.Email) is null)
            identity.AddClaim(new Claim(ClaimTypes.Email, email));
        // Every principal made here is a sign-in; a refresh adds the earlier instant back (SessionLifetime).
        identity.AddClaim(SessionLifetime.Now(clock));
        return identity;
    }
}
