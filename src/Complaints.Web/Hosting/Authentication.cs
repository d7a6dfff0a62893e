using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Hosting;

// Staff sign in with ASP.NET Identity: a cookie for the pages, a bearer token for the API.
// Both are protected by the data-protection keys in the database, so any instance accepts them.
public static class Authentication
{
    public const string Staff = "staff";
    public const string StaffApi = "staff-api";
    public const string DeniedPath = "/staff/denied";

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
        services.AddOptions<SignInSettings>().BindConfiguration("SignIn")
            .Validate(s => s.TotpClockSkewSteps is 0 or 1, "SignIn:TotpClockSkewSteps must be 0 or 1.")
            .Validate(s => Enum.IsDefined(s.SecondFactor), "SignIn:SecondFactor must be administrators or everyone.")
            .ValidateOnStart();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                o.RefreshTokenExpiration = TimeSpan.FromDays(7);
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/staff/login";
            o.LogoutPath = "/staff/logout";
            o.AccessDeniedPath = DeniedPath;
            o.Cookie.Name = "complaints.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
        });
        // Identity's stamp validator rebuilds the cookie's principal every half hour: it keeps the instant of sign-in,
        // or a session in use would never reach its absolute lifetime (SessionLifetime), and its session record.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal is { } current && context.NewPrincipal?.Identities.FirstOrDefault() is { } identity)
                identity.AddClaims([.. SessionLifetime.Of(current), .. StaffSessions.Of(current)]);
            return Task.CompletedTask;
        });
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length and a list of common passwords, no composition rule (PasswordRule, ASVS 5.0 V6.2).
                o.Password.RequiredLength = PasswordRule.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // No lockout, which anyone could set off against a colleague: failures make that address wait (SignInThrottling).
                o.Lockout.AllowedForNewUsers = false;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.PasswordResetTokenProvider = StaffLinkTokens.Name;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            // Authenticator keys encrypted, recovery codes hashed (Staff/StaffUserStore.cs).
            .AddUserStore<StaffUserStore>()
            .AddSignInManager<StaffSignInManager>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider: each TOTP step signs in once (Staff/OneTimeTotp.cs).
            .AddTokenProvider<OneTimeTotp>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<PasswordRule>()
            .AddTokenProvider<StaffLinkTokens>(StaffLinkTokens.Name)
            .AddClaimsPrincipalFactory<StaffClaims>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(StaffApi, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.All));
        return services;
    }

    // Administrators must use a second factor (TOTP); everyone else may, unless SignIn:SecondFactor says everyone must.
    public static bool RequiresTwoFactor(HttpContext http, IEnumerable<string> roles) =>
        http.RequestServices.GetRequiredService<IOptions<SignInSettings>>().Value.RequiresTwoFactor(roles);
}
