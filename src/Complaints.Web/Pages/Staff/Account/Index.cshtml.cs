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

// Who I am, my second factor (TOTP), my password and where I am signed in. Administrators are sent here until TOTP
// is on. Every change that could hand the account to someone else asks for the password again (Reauthentication).
public partial class IndexModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AppDbContext db, AuditLog audit,
    Reauthentication reauthentication, StaffSessions sessions, OneTimeTotp totp, IUserStore<StaffUser> store,
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
    // SignIn:SecondFactor = everyone: the requirement is the platform's, not the role's, and the page says so.
    public bool TwoFactorForAll { get; private set; }
    public string TwoFactorWording(string key) => TwoFactorForAll ? key + ".everyone" : key;
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public string[] RecoveryCodes { get; private set; } = [];
    public string? Notice { get; private set; }
    // A new key waiting for a code from it; the current one works until then.
    public bool KeyPending { get; private set; }
    public List<StaffSession> Sessions { get; private set; } = [];
    public string? CurrentSession { get; private set; }

    [BindProperty]
    public SetupInput Setup { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    public DigestInput Digest { get; set; } = new();

    // The current password, each on the form of its own change.
    [BindProperty]
    public ConfirmInput Off { get; set; } = new();

    [BindProperty]
    public ConfirmInput NewKey { get; set; } = new();

    [BindProperty]
    public ConfirmInput NewCodes { get; set; } = new();

    [BindProperty]
    public ConfirmInput End { get; set; } = new();

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
        await signIn.SignInWithClaimsAsync(Me, isPersistent: false, [new Claim("amr", "mfa"), .. SessionLifetime.Of(User), .. StaffSessions.Of(User)]);
        // The new stamp ends the member's other sessions.
        await sessions.EndOthersAsync(Me.Id, User, ct);
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
            ModelState.AddModelError("Disable", l[TwoFactorWording("staff.account.twofactor.mandatory")]);
            return Page();
        }
        if (!Me.TwoFactorEnabled)
            return Redirect("/staff/account");
        if (!await reauthentication.CheckAsync(Me, Off.Password, ModelState, "Off.Password"))
            return Refused();
        await users.SetTwoFactorEnabledAsync(Me, false);
        await Keys.SetPendingKeyAsync(Me, null, ct);
        // A new key next time: the old one may be on a lost phone.
        await users.ResetAuthenticatorKeyAsync(Me);
        await KeepOnlyThisSessionAsync(ct);
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.TwoFactorDisabled, Me.CommuneId, details: Me.Email);
        TempData[NoticeKey] = "staff.account.twofactor.disabled";
        return Redirect("/staff/account");
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (string.IsNullOrEmpty(Password.New))
            ModelState.AddModelError("Password.New", l["error.password.required"]);
        if (await reauthentication.CheckAsync(Me, Password.Current, ModelState, "Password.Current") && ModelState.IsValid)
        {
            var changed = await users.ChangePasswordAsync(Me, Password.Current!, Password.New!);
            if (changed.Succeeded)
            {
                await KeepOnlyThisSessionAsync(ct);
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

    // A new key for another phone: shown at once, in use only once a code from it is typed (ConfirmKey).
    public async Task<IActionResult> OnPostNewKeyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (!Me.TwoFactorEnabled)
            return Redirect("/staff/account");
        if (!await reauthentication.CheckAsync(Me, NewKey.Password, ModelState, "NewKey.Password"))
            return Refused();
        await Keys.SetPendingKeyAsync(Me, users.GenerateNewAuthenticatorKey(), ct);
        await users.UpdateAsync(Me);
        return Redirect("/staff/account#two-factor");
    }

    public async Task<IActionResult> OnPostConfirmKeyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        var pending = await Keys.GetPendingKeyAsync(Me, ct);
        if (!Me.TwoFactorEnabled || pending is null)
            return Redirect("/staff/account");
        var code = Separators().Replace(Setup.Code ?? "", "");
        if (code.Length == 0)
            ModelState.AddModelError("Setup.Code", l["staff.account.code.required"]);
        else if (!await totp.ValidateAsync(pending, code, Me))
            ModelState.AddModelError("Setup.Code", l["staff.account.code.wrong"]);
        if (!ModelState.IsValid)
        {
            Setup.Code = null;
            return Page();
        }
        await Keys.SetAuthenticatorKeyAsync(Me, pending, ct);
        await Keys.SetPendingKeyAsync(Me, null, ct);
        // Saves the key and renews the stamp: whatever signed in with the old key is over, this session goes on.
        await users.UpdateSecurityStampAsync(Me);
        await KeepOnlyThisSessionAsync(ct);
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.AuthenticatorKeyChanged, Me.CommuneId, details: Me.Email);
        TempData[NoticeKey] = "staff.account.key.changed";
        return Redirect("/staff/account");
    }

    // New recovery codes, shown once; the old ones stop working at once.
    public async Task<IActionResult> OnPostNewCodesAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (!Me.TwoFactorEnabled)
            return Redirect("/staff/account");
        if (!await reauthentication.CheckAsync(Me, NewCodes.Password, ModelState, "NewCodes.Password"))
            return Refused();
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(Me, 10) ?? [];
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.RecoveryCodesRenewed, Me.CommuneId, details: Me.Email);
        TempData[RecoveryCodesKey] = string.Join(' ', codes);
        TempData[NoticeKey] = "staff.account.recovery.renewed";
        return Redirect("/staff/account#two-factor");
    }

    // One of my other sessions (End.Session names it, as the list shows it), or all of them but this one.
    public async Task<IActionResult> OnPostEndSessionAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (End.Session is null || End.Session == CurrentSession)
            return Redirect("/staff/account#sessions");
        if (!await reauthentication.CheckAsync(Me, End.Password, ModelState, "End.Password"))
            return Refused();
        if (await sessions.EndAsync(Me.Id, End.Session, ct))
        {
            var ended = Sessions.Find(s => s.Id == End.Session);
            await audit.RecordNowAsync(StaffScope.From(User), AuditActions.SessionEnded, Me.CommuneId,
                details: $"{Me.Email} {ended?.Device} {ended?.ClientAddress}".TrimEnd());
            TempData[NoticeKey] = "staff.account.sessions.ended";
        }
        return Redirect("/staff/account#sessions");
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return Challenge();
        if (!await reauthentication.CheckAsync(Me, End.Password, ModelState, "End.Password"))
            return Refused();
        var count = await sessions.EndOthersAsync(Me.Id, User, ct);
        await audit.RecordNowAsync(StaffScope.From(User), AuditActions.OtherSessionsEnded, Me.CommuneId, details: $"{Me.Email} {count}");
        TempData[NoticeKey] = "staff.account.sessions.others.ended";
        return Redirect("/staff/account#sessions");
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

    // The page again with the password refused on its form, typed nowhere back.
    PageResult Refused()
    {
        Off = new();
        NewKey = new();
        NewCodes = new();
        End = new() { Session = End.Session };
        return Page();
    }

    // After a change that renewed the security stamp: this session is signed in again, the others are over (the
    // stamp already refuses them; their records say so on this page).
    async Task KeepOnlyThisSessionAsync(CancellationToken ct)
    {
        await signIn.RefreshSignInAsync(Me);
        await sessions.EndOthersAsync(Me.Id, User, ct);
        Sessions.RemoveAll(s => s.Id != CurrentSession);
    }

    // Authenticator keys, the current one and a new one waiting for its code.
    StaffUserStore Keys => (StaffUserStore)store;

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
            return false;
        Me = me;
        var roles = await users.GetRolesAsync(me);
        Role = roles.FirstOrDefault() ?? "";
        TwoFactorRequired = Authentication.RequiresTwoFactor(HttpContext, roles);
        TwoFactorForAll = Authentication.RequiresTwoFactor(HttpContext, []);
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
                // A key nobody has confirmed opens nothing: kept without renewing the stamp, so opening this page does
                // not end the member's other sessions. Turning TOTP on renews it.
                key = users.GenerateNewAuthenticatorKey();
                await Keys.SetAuthenticatorKeyAsync(me, key, ct);
                await users.UpdateAsync(me);
            }
            Show(key!);
        }
        else if (await Keys.GetPendingKeyAsync(me, ct) is { } pending)
        {
            KeyPending = true;
            Show(pending);
        }
        Sessions = await sessions.OpenAsync(me.Id, ct);
        CurrentSession = StaffSessions.HashOf(User);
        return true;
    }

    void Show(string key)
    {
        SharedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        AuthenticatorUri = $"otpauth://totp/{Issuer}:{Uri.EscapeDataString(Me.Email!)}?secret={key}&issuer={Issuer}&digits=6";
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

    public sealed class ConfirmInput
    {
        public string? Password { get; set; }
        // For ending one session: its record's id, as the list shows it.
        public string? Session { get; set; }
    }

    public sealed class PasswordInput
    {
        public string? Current { get; set; }
        public string? New { get; set; }
    }
}
