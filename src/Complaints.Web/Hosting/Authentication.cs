using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;

namespace Complaints.Web.Hosting;

// Staff sign in with ASP.NET Identity: a cookie for the pages, a bearer token for the API.
// Both are protected by the data-protection keys in the database, so any instance accepts them.
public static class Authentication
{
    public const string Staff = "staff";
    public const string StaffApi = "staff-api";

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
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
            o.AccessDeniedPath = "/staff/denied";
            o.Cookie.Name = "complaints.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
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
                // Five wrong passwords lock the account for a quarter of an hour.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.PasswordResetTokenProvider = StaffLinkTokens.Name;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<StaffSignInManager>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRule>()
            .AddTokenProvider<StaffLinkTokens>(StaffLinkTokens.Name)
            .AddClaimsPrincipalFactory<StaffClaims>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(StaffApi, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.All));
        return services;
    }

    // Administrators must use a second factor (TOTP); everyone else may.
    public static bool RequiresTwoFactor(IEnumerable<string> roles) =>
        roles.Any(r => r is Roles.PlatformAdmin or Roles.CommuneAdmin);
}
