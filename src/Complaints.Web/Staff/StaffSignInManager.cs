using System.Security.Claims;
using System.Security.Cryptography;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Staff;

// A deactivated member of staff cannot sign in, by the pages or the API, whatever their password or code.
// No account is ever locked: failures are throttled per account and address instead (SignInThrottling).
public sealed class StaffSignInManager(UserManager<StaffUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<StaffUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<StaffUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation, StaffSessions sessions)
    : SignInManager<StaffUser>(users, http, claims, options, logger, schemes, confirmation)
{
    // A hash of a random password made once by the configured hasher, so checking against it costs what a real one does.
    static string? standInHash;

    public override async Task<bool> CanSignInAsync(StaffUser user) => user.Active && await base.CanSignInAsync(user);

    protected override Task<bool> IsLockedOut(StaffUser user) => Task.FromResult(false);

    // Every password is checked against a hash, whoever the address names: a deactivated member, one who has not
    // chosen a password yet and an address nobody uses take as long to refuse as a wrong password.
    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffUser user, string password, bool lockoutOnFailure)
    {
        if (!user.Active || user.PasswordHash is null)
            return RefuseUnknown(password);
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
    }

    // Every sign-in of the pages (password, second factor) starts a session record; a refresh names the one it keeps.
    public override async Task SignInWithClaimsAsync(StaffUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Exists(c => c.Type == StaffSessions.ClaimType))
            claims.Add(await sessions.StartAsync(user, Context));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    // A session refreshed after a new stamp (password, second factor) keeps the instant it began and how it was
    // proved, and stays the same session: it ends when it would have.
    public override async Task RefreshSignInAsync(StaffUser user)
    {
        var auth = await Context.AuthenticateAsync(AuthenticationScheme);
        var kept = auth.Principal?.Claims.Where(c => c.Type is ClaimTypes.AuthenticationMethod or "amr" or SessionLifetime.SignedInClaim or StaffSessions.ClaimType)
            .Select(c => new Claim(c.Type, c.Value, c.ValueType)).ToList() ?? [];
        await SignInWithClaimsAsync(user, auth.Properties, kept);
    }

    public SignInResult RefuseUnknown(string password)
    {
        var standIn = new StaffUser();
        standInHash ??= UserManager.PasswordHasher.HashPassword(standIn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        UserManager.PasswordHasher.VerifyHashedPassword(standIn, standInHash, password);
        return SignInResult.Failed;
    }
}
