using Complaints.Web.Audit;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.SignIn;

// E-mail and password; members with TOTP go on to the code page, administrators without it to its setup.
[EnableRateLimiting(RateLimits.Login)]
public class LoginModel(SignInManager<StaffUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    // Said once after choosing a password through a mailed link.
    public string? Notice { get; private set; }

    public void OnGet() => Notice = TempData[ChoosePasswordModel.NoticeKey] as string;

    public async Task<IActionResult> OnPostAsync()
    {
        var email = Input.Email?.Trim();
        var user = string.IsNullOrEmpty(email) ? null : await signIn.UserManager.FindByEmailAsync(email);
        if (user is null || string.IsNullOrEmpty(Input.Password))
        {
            await audit.RecordNowAsync(null, AuditActions.LoginFailed, details: user?.Email ?? "unknown account");
            return Refused("staff.login.failed");
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return Redirect($"/staff/login/2fa?ReturnUrl={Uri.EscapeDataString(Target(ReturnUrl))}");
        if (!result.Succeeded)
        {
            await audit.RecordNowAsync(null, AuditActions.LoginFailed, user.CommuneId, details: result.IsLockedOut ? $"{user.Email} locked" : user.Email);
            return Refused(result.IsLockedOut ? "staff.login.locked" : "staff.login.failed");
        }
        await RecordAsync(signIn, audit, user);
        if (!user.TwoFactorEnabled && Authentication.RequiresTwoFactor(await signIn.UserManager.GetRolesAsync(user)))
            return Redirect(TwoFactorSetup.SetupPath);
        return LocalRedirect(Target(ReturnUrl));
    }

    // One message whatever was wrong: the page does not tell which e-mails have an account.
    PageResult Refused(string key)
    {
        ModelState.AddModelError(nameof(Input) + "." + nameof(Input.Password), l[key]);
        Input.Password = null;
        return Page();
    }

    // Only addresses of this site: a link cannot send a member of staff elsewhere after signing in.
    internal static string Target(string? returnUrl) => LocalUrl.Or(returnUrl, "/staff");

    internal static async Task RecordAsync(SignInManager<StaffUser> signIn, AuditLog audit, StaffUser user) =>
        await audit.RecordNowAsync(StaffScope.From(await signIn.CreateUserPrincipalAsync(user)), AuditActions.Login, user.CommuneId, details: "web");

    public sealed class LoginInput
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }
}
