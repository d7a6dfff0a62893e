using Complaints.Web.Audit;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Api;

// POST /api/v1/auth/login and /refresh (docs/staff-api.md): opaque bearer tokens from ASP.NET Identity.
public static class AuthApi
{
    public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null);
    public sealed record RefreshRequest(string? RefreshToken);

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        // Per address, with the sign-in pages: passwords are not tried by the thousand from one place.
        var auth = api.MapGroup("/auth").WithTags("Authentication").RequireRateLimiting(RateLimits.Login);

        auth.MapPost("/login", async (HttpRequest request, SignInManager<StaffUser> signIn, AuditLog audit,
            IStringLocalizer<SharedResource> l) =>
        {
            var (body, error) = await ApiProblems.ReadAsync<LoginRequest>(request, l);
            if (error is not null)
                return error;
            var refused = TypedResults.Problem(l["api.login.failed"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"]);
            var users = signIn.UserManager;
            var user = string.IsNullOrWhiteSpace(body!.Email) ? null : await users.FindByEmailAsync(body.Email.Trim());
            if (user is null || string.IsNullOrEmpty(body.Password))
                return refused;
            var check = await signIn.CheckPasswordSignInAsync(user, body.Password, lockoutOnFailure: true);
            if (check.IsLockedOut)
                return TypedResults.Problem(l["api.login.locked"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"]);
            if (!check.Succeeded && !check.RequiresTwoFactor)
            {
                await audit.RecordNowAsync(null, AuditActions.LoginFailed, user.CommuneId, details: user.Email);
                return refused;
            }
            if (!user.TwoFactorEnabled && Authentication.RequiresTwoFactor(await users.GetRolesAsync(user)))
                return TypedResults.Problem(l["api.login.setup2fa"], statusCode: StatusCodes.Status403Forbidden, title: l["api.login.title"]);
            if (user.TwoFactorEnabled)
            {
                if (string.IsNullOrWhiteSpace(body.TwoFactorCode))
                    return TypedResults.Problem(l["api.login.code"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"],
                        extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
                var code = body.TwoFactorCode.Replace(" ", "").Replace("-", "");
                if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
                {
                    await users.AccessFailedAsync(user);
                    return refused;
                }
                await users.ResetAccessFailedCountAsync(user);
            }
            var principal = await signIn.CreateUserPrincipalAsync(user);
            await audit.RecordNowAsync(StaffScope.From(principal), AuditActions.Login, user.CommuneId, details: "api");
            // The bearer handler answers {"tokenType","accessToken","expiresIn","refreshToken"}.
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithName("Login")
        .WithSummary("Exchange e-mail, password and, when enabled, a TOTP code for a bearer token.")
        .Reads<LoginRequest>()
        .Produces<AccessTokenResponse>()
        // 401 also when a code is needed (then with "twoFactorRequired": true); 403 until 2FA is set up.
        .Refuses(400, 401, 403);

        auth.MapPost("/refresh", async (HttpRequest request, SignInManager<StaffUser> signIn, TimeProvider clock,
            IOptionsMonitor<BearerTokenOptions> options, IStringLocalizer<SharedResource> l) =>
        {
            var (body, error) = await ApiProblems.ReadAsync<RefreshRequest>(request, l);
            if (error is not null)
                return error;
            var refused = TypedResults.Problem(l["api.refresh.failed"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"]);
            var ticket = string.IsNullOrEmpty(body!.RefreshToken) ? null
                : options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
                return refused;
            // A changed password or role invalidates the refresh token through the security stamp.
            var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
            if (user is null)
                return refused;
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithName("Refresh")
        .WithSummary("Exchange a refresh token for a new bearer token.")
        .Reads<RefreshRequest>()
        .Produces<AccessTokenResponse>()
        .Refuses(400, 401);

        return api;
    }
}
