using Complaints.Web.Audit;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.SignIn;

// The second step for members with TOTP: the code from their authenticator app, or one recovery code.
[EnableRateLimiting(RateLimits.Login)]
public class TwoFactorModel(SignInManager<StaffUser> signIn, SignInThrottling throttling, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/staff/login") : Page();

    public async Task<IActionResult> OnPostAsync([FromServices] OneTimeTotp totp)
    {
        // The password step leaves a short-lived cookie naming the user; without it, start again.
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return Redirect("/staff/login");
        var code = (Code ?? "").Replace(" ", "").Replace("-", "");
        if (code.Length == 0)
            return Refused(l["staff.twofactor.required"]);
        // Codes are guessed like passwords: the same counters, the same waits, nothing checked while waiting.
        var attempt = throttling.For(user.Email!, HttpContext.Connection.RemoteIpAddress);
        if (await attempt.WaitAsync() is { } wait)
            return Refused(SignInThrottling.Refusal(l, "staff.twofactor.wrong", wait));
        // Six digits come from the app; anything else is tried as a recovery code.
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (!result.Succeeded)
        {
            await attempt.FailedAsync();
            await audit.RecordNowAsync(null, AuditActions.LoginFailed, user.CommuneId, details: $"{user.Email} code");
            return Refused(l[await totp.ClockLooksOffAsync(signIn.UserManager, user, code) ? "staff.twofactor.clock" : "staff.twofactor.wrong"]);
        }
        await attempt.SucceededAsync();
        await LoginModel.RecordAsync(signIn, audit, user);
        return LocalRedirect(LoginModel.Target(ReturnUrl));
    }

    PageResult Refused(string message)
    {
        ModelState.AddModelError(nameof(Code), message);
        Code = null;
        return Page();
    }
}
