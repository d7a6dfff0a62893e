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
public class LoginModel(StaffSignInManager signIn, SignInThrottling throttling, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
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
        // Nothing to check, whoever is named: no lookup, no count.
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(Input.Password))
            return Refused(l["staff.login.failed"]);
        var attempt = throttling.For(email, HttpContext.Connection.RemoteIpAddress);
        if (await attempt.WaitAsync() is { } wait)
            return Refused(SignInThrottling.Refusal(l, "staff.login.failed", wait));
        // Known or not, active or not, the same steps and one password hash checked: the answer tells nothing.
        var user = await signIn.UserManager.FindByEmailAsync(email);
        var result = user is null ? signIn.RefuseUnknown(Input.Password)
            : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor)
            return Redirect($"/staff/login/2fa?ReturnUrl={Uri.EscapeDataString(Target(ReturnUrl))}");
        if (!result.Succeeded)
        {
            await attempt.FailedAsync();
            await audit.RecordNowAsync(null, AuditActions.LoginFailed, user?.CommuneId, details: user?.Email ?? "unknown account");
            return Refused(l["staff.login.failed"]);
        }
        await attempt.SucceededAsync();
        await RecordAsync(signIn, audit, user!);
        if (!user!.TwoFactorEnabled && Authentication.RequiresTwoFactor(HttpContext, await signIn.UserManager.GetRolesAsync(user)))
            return Redirect(TwoFactorSetup.SetupPath);
        return LocalRedirect(Target(ReturnUrl));
    }

    // One message whatever was wrong: the page does not tell which e-mails have an account.
    PageResult Refused(string message)
    {
        ModelState.AddModelError(nameof(Input) + "." + nameof(Input.Password), message);
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
