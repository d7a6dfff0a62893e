using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.SignIn;

// Where the links of StaffMail lead: an invited member chooses their first password, one who forgot it a new one.
// The link works once and for a while (StaffLinkTokens); then the member signs in as usual, and administrators
// are asked to set up TOTP.
public class ChoosePasswordModel(UserManager<StaffUser> users, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string NoticeKey = "login.notice";

    [FromRoute(Name = "link")]
    public string Link { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool Invitation => Link == "invitation";
    public bool Valid { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Valid = await LinkedUserAsync() is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await LinkedUserAsync();
        Valid = user is not null;
        if (user is null)
            return Page();
        if (string.IsNullOrEmpty(Password))
            ModelState.AddModelError(nameof(Password), l["error.password.required"]);
        else if (Password != Confirm)
            ModelState.AddModelError(nameof(Confirm), l["error.password.mismatch"]);
        if (!ModelState.IsValid)
            return Page();

        // Either way the security stamp changes, which ends this link and any other sent before.
        var set = Invitation ? await users.AddPasswordAsync(user, Password!) : await users.ResetPasswordAsync(user, Token!, Password!);
        if (!set.Succeeded)
        {
            ModelState.AddModelError(nameof(Password), l[PasswordRule.MessageKey(set.Errors) ?? "error.password.common"]);
            return Page();
        }
        user.InvitedAt = null;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        audit.Record(new StaffScope(user.Id, user.Email!, role, user.CommuneId, user.ServiceId),
            Invitation ? AuditActions.InvitationAccepted : AuditActions.NewPasswordChosen, user.CommuneId, details: user.Email);
        await users.UpdateAsync(user);
        TempData[NoticeKey] = "staff.password.chosen";
        return Redirect("/staff/login");
    }

    // The member the link names, if it still stands; never a deactivated one.
    async Task<StaffUser?> LinkedUserAsync()
    {
        var user = string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token) ? null : await users.FindByIdAsync(UserId);
        if (user is not { Active: true })
            return null;
        var stands = Invitation
            ? !await users.HasPasswordAsync(user) && await users.VerifyUserTokenAsync(user, StaffLinkTokens.Name, StaffLinkTokens.Invitation, Token!)
            : await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, StaffLinkTokens.NewPassword, Token!);
        return stands ? user : null;
    }
}
