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

        auth.MapPost("/login", async (HttpRequest request, StaffSignInManager signIn, SignInThrottling throttling, AuditLog audit, OneTimeTotp totp,
            StaffSessions sessions, IStringLocalizer<SharedResource> l) =>
        {
            var (body, error) = await ApiProblems.ReadAsync<LoginRequest>(request, l);
            if (error is not null)
                return error;
            // One answer for every failure, whether or not the address has an account: nothing to enumerate.
            var refused = TypedResults.Problem(l["api.login.failed"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"]);
            var email = body!.Email?.Trim();
            if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(body.Password))
                return refused;
            var attempt = throttling.For(email, request.HttpContext.Connection.RemoteIpAddress);
            if (await attempt.WaitAsync() is { } wait)
            {
                RetryAfter.Set(request.HttpContext.Response, wait);
                return TypedResults.Problem(SignInThrottling.Refusal(l, "api.login.failed", wait), statusCode: StatusCodes.Status429TooManyRequests,
                    title: l["api.login.title"]);
            }
            var users = signIn.UserManager;
            var user = await users.FindByEmailAsync(email);
            var check = user is null ? signIn.RefuseUnknown(body.Password) : await signIn.CheckPasswordSignInAsync(user, body.Password, lockoutOnFailure: false);
            if (!check.Succeeded)
                return await FailedAsync();
            var roles = await users.GetRolesAsync(user!);
            if (!user!.TwoFactorEnabled && Authentication.RequiresTwoFactor(request.HttpContext, roles))
                return TypedResults.Problem(l[SignInSettings.AreAdministrator(roles) ? "api.login.setup2fa" : "api.login.setup2fa.everyone"],
                    statusCode: StatusCodes.Status403Forbidden, title: l["api.login.title"]);
            if (user.TwoFactorEnabled)
            {
                if (string.IsNullOrWhiteSpace(body.TwoFactorCode))
                    return TypedResults.Problem(l["api.login.code"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"],
                        extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
                var code = body.TwoFactorCode.Replace(" ", "").Replace("-", "");
                if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
                {
                    var failed = await FailedAsync();
                    return await totp.ClockLooksOffAsync(users, user, code)
                        ? TypedResults.Problem(l["staff.twofactor.clock"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"])
                        : failed;
                }
            }
            await attempt.SucceededAsync();
            var principal = await signIn.CreateUserPrincipalAsync(user);
            principal.Identities.First().AddClaim(await sessions.StartAsync(user, request.HttpContext, api: true));
            await audit.RecordNowAsync(StaffScope.From(principal), AuditActions.Login, user.CommuneId, details: "api");
            // The bearer handler answers {"tokenType","accessToken","expiresIn","refreshToken"}.
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);

            async Task<IResult> FailedAsync()
            {
                await attempt.FailedAsync();
                await audit.RecordNowAsync(null, AuditActions.LoginFailed, user?.CommuneId, details: user?.Email ?? "unknown account");
                return refused;
            }
        })
        .AllowAnonymous()
        .WithName("Login")
        .WithSummary("Exchange e-mail, password and, when enabled, a TOTP code for a bearer token.")
        .Reads<LoginRequest>()
        .Produces<AccessTokenResponse>()
        // 401 also when a code is needed (then with "twoFactorRequired": true); 403 until 2FA is set up; 429 while
        // failed attempts from this address make it wait (Retry-After).
        .Refuses(400, 401, 403, 429);

        auth.MapPost("/refresh", async (HttpRequest request, SignInManager<StaffUser> signIn, StaffSessions sessions, TimeProvider clock,
            IOptionsMonitor<BearerTokenOptions> options, IConfiguration configuration, IStringLocalizer<SharedResource> l) =>
        {
            var (body, error) = await ApiProblems.ReadAsync<RefreshRequest>(request, l);
            if (error is not null)
                return error;
            var refused = TypedResults.Problem(l["api.refresh.failed"], statusCode: StatusCodes.Status401Unauthorized, title: l["api.login.title"]);
            var ticket = string.IsNullOrEmpty(body!.RefreshToken) ? null
                : options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
                return refused;
            // Refreshing does not make the session younger: past its absolute lifetime, the client signs in again.
            if (SessionLifetime.Expired(ticket.Principal, clock, SessionLifetime.Configured(configuration)))
                return refused;
            // A changed password or role invalidates the refresh token through the security stamp.
            var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
            // Nor does it reopen a session ended from the account page: the token keeps its session.
            if (user is null || !await sessions.IsOpenAsync(ticket.Principal))
                return refused;
            var principal = await signIn.CreateUserPrincipalAsync(user);
            principal.Identities.First().AddClaims([.. SessionLifetime.Of(ticket.Principal), .. StaffSessions.Of(ticket.Principal)]);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
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
