using System.Security.Claims;
using System.Text.RegularExpressions;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Account;

// Who I am, my second factor (TOTP) and my password. Administrators are sent here until TOTP is on.
public partial class IndexModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AppDbContext db, AuditLog audit,
    IStringLocalizer<SharedResource> l) : PageModel
{
    const string Issuer = "Complaints";
    const string RecoveryCodesKey = "account.recovery-codes";
    const string NoticeKey = "account.notice";

    public StaffUser Me { get; private set; } = null!;
    public string Role { get; private set; } = "";
    public string? CommuneName { get; private set; }
    public string? ServiceName { get; private set; }
    public bool TwoFactorRequired { get; private set; }
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public string[] RecoveryCodes { get; private set; } = [];
    public string? Notice { get; private set; }

    [BindProperty]
    public SetupInput Setup { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    public DigestInput Digest { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        // Shown once, right after they were made: they are not kept readable anywhere.
        RecoveryCodes = (TempData[RecoveryCodesKey] as string)?.Split(' ') ?? [];
        Notice = TempData[NoticeKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (Me.TwoFactorEnabled)
            return Redirect("/staff/account");
        var code = Separators().Replace(Setup.Code ?? "", "");
        if (code.Length == 0)
            ModelState.AddModelError("Setup.Code", l["staff.account.code.required"]);
        else if (!await users.VerifyTwoFactorTokenAsync(Me, users.Options.Tokens.AuthenticatorTokenProvider, code))
            ModelState.AddModelError("Setup.Code", l["staff.account.code.wrong"]);
        if (!ModelState.IsValid)
        {
            Setup.Code = null;
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(Me, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(Me, 10) ?? [];
        // The code just typed proves the second factor: this session counts as one that used it.
        // It is still the same session: it ends when it would have.
        await signIn.SignInWithClaimsAsync(Me, isPersistent: false, [new Claim("amr", "mfa"), .. SessionLifetime.Of(User)]);
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.TwoFactorEnabled, Me.CommuneId, details: Me.Email);
        TempData[RecoveryCodesKey] = string.Join(' ', codes);
        TempData[NoticeKey] = "staff.account.twofactor.enabled";
        return Redirect("/staff/account");
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (TwoFactorRequired)
        {
            ModelState.AddModelError("Disable", l["staff.account.twofactor.mandatory"]);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(Me, false);
        // A new key next time: the old one may be on a lost phone.
        await users.ResetAuthenticatorKeyAsync(Me);
        await signIn.RefreshSignInAsync(Me);
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.TwoFactorDisabled, Me.CommuneId, details: Me.Email);
        TempData[NoticeKey] = "staff.account.twofactor.disabled";
        return Redirect("/staff/account");
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (string.IsNullOrEmpty(Password.Current))
            ModelState.AddModelError("Password.Current", l["staff.account.password.current.required"]);
        if (string.IsNullOrEmpty(Password.New))
            ModelState.AddModelError("Password.New", l["error.password.required"]);
        if (ModelState.IsValid)
        {
            var changed = await users.ChangePasswordAsync(Me, Password.Current!, Password.New!);
            if (changed.Succeeded)
            {
                // The security stamp changed: sign in again so this session survives, other ones do not.
                await signIn.RefreshSignInAsync(Me);
                await audit.RecordNowAsync(StaffScope.From(User), AuditActions.PasswordChanged, Me.CommuneId, details: Me.Email);
                TempData[NoticeKey] = "staff.account.password.changed";
                return Redirect("/staff/account");
            }
            foreach (var error in changed.Errors)
            {
                var (field, key) = error.Code switch
                {
                    nameof(IdentityErrorDescriber.PasswordMismatch) => ("Password.Current", "staff.account.password.wrong"),
                    _ when PasswordRule.MessageKey([error]) is { } refused => ("Password.New", refused),
                    _ => ("Password.New", "error.value.invalid"),
                };
                if (!ModelState.ContainsKey(field) || ModelState[field]!.Errors.Count == 0)
                    ModelState.AddModelError(field, l[key]);
            }
        }
        Password = new();
        return Page();
    }

    // The morning list (Notifications/DeadlineWatch) is each member's own choice.
    public async Task<IActionResult> OnPostDigestAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        Me.ReceivesDigest = Digest.Receives;
        await users.UpdateAsync(Me);
        TempData[NoticeKey] = Me.ReceivesDigest ? "staff.account.digest.on" : "staff.account.digest.off";
        return Redirect("/staff/account");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
            return false;
        Me = me;
        var roles = await users.GetRolesAsync(me);
        Role = roles.FirstOrDefault() ?? "";
        TwoFactorRequired = Authentication.RequiresTwoFactor(HttpContext, roles);
        var lang = Localization.Current;
        if (me.CommuneId is { } communeId)
            CommuneName = (await db.Communes.AsNoTracking().SingleAsync(c => c.Id == communeId, ct)).Name.In(lang);
        if (me.ServiceId is { } serviceId)
            ServiceName = (await db.Services.AsNoTracking().SingleAsync(s => s.Id == serviceId, ct)).Name.In(lang);
        if (!me.TwoFactorEnabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(me);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(me);
                key = await users.GetAuthenticatorKeyAsync(me);
                // A new key changes the security stamp, which would end this session at its next check.
                await signIn.RefreshSignInAsync(me);
            }
            SharedKey = string.Join(' ', key!.Chunk(4).Select(c => new string(c)));
            AuthenticatorUri = $"otpauth://totp/{Issuer}:{Uri.EscapeDataString(me.Email!)}?secret={key}&issuer={Issuer}&digits=6";
        }
        return true;
    }

    [GeneratedRegex(@"[\s-]")]
    private static partial Regex Separators();

    public sealed class SetupInput
    {
        public string? Code { get; set; }
    }

    public sealed class DigestInput
    {
        // An unticked box sends nothing: false.
        public bool Receives { get; set; }
    }

    public sealed class PasswordInput
    {
        public string? Current { get; set; }
        public string? New { get; set; }
    }
}
