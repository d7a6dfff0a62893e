using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The members of staff of a commune: who they are, whether they use TOTP, whether failed sign-ins make them wait;
// adding one goes through StaffAccounts, as the API does. A commune administrator only ever sees their commune.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class UsersModel(AppDbContext db, UserManager<StaffUser> users, StaffMail mail, SignInManager<StaffUser> signIn, StaffChanges changes, SignInThrottling throttling,
    AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    const string NoticeKey = "users.created";
    const string ClearedKey = "users.cleared";
    const string ChangedKey = "users.changed";
    const string AllEndedKey = "users.all-ended";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<Service> Services { get; private set; } = [];
    public List<UserRow> Rows { get; private set; } = [];
    public string? Created { get; private set; }
    public string? Cleared { get; private set; }
    // How many members were signed out by "sign everyone out", said once.
    public int? AllEnded { get; private set; }
    // A resource key and the member's address, said once after a change.
    public (string Key, string Email)? Changed { get; private set; }

    [BindProperty]
    public UserInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Created = TempData[NoticeKey] as string;
        Cleared = TempData[ClearedKey] as string;
        AllEnded = TempData[AllEndedKey] as int?;
        if (TempData[ChangedKey] is string changed && changed.Split(' ', 2) is [var key, var email])
            Changed = (key, email);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var posted = Input.Commune;
        if (!await LoadAsync(posted, ct))
            return Forbid();
        var commune = string.IsNullOrEmpty(posted) ? null : await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == posted, ct);
        // The form only offers the reader's own commune; any other one is a forged request.
        if (commune is not null && !Scope.SeesCommune(commune.Id))
            return Forbid();
        if (commune is null)
            ModelState.AddModelError("Input.Commune", l["error.commune.unknown"]);
        if (Input.DisplayName is { Length: > Limits.NameMax })
            ModelState.AddModelError("Input.DisplayName", l["error.name.long"]);
        if (ModelState.IsValid)
        {
            var (user, errors) = await StaffAccounts.CreateAsync(db, users, mail, commune!, Input.Email, Input.Password, Input.Role, Input.Service, Input.DisplayName, ct);
            if (user is not null)
            {
                await audit.RecordNowAsync(Scope, AuditActions.UserCreated, commune!.Id, details: $"{user.Email} {Input.Role}{(user.InvitedAt is null ? "" : " invited")}");
                if (user.InvitedAt is not null)
                    TempData[ChangedKey] = $"staff.users.invited {user.Email}";
                else
                    TempData[NoticeKey] = user.Email;
                return Redirect(Back(commune.Code));
            }
            foreach (var (field, keys) in errors)
                ModelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], l[keys[0]]);
        }
        Input.Password = null;
        return Page();
    }

    // The failed sign-ins counted against a member, from every address: whoever waits may try again at once.
    public async Task<IActionResult> OnPostClearFailuresAsync(string? id, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        var user = await changes.FindAsync(Scope, id);
        if (user is null)
            return NotFound();
        await throttling.ClearAsync(user.Email!, ct);
        await audit.RecordNowAsync(Scope, AuditActions.SignInFailuresCleared, user.CommuneId, details: user.Email);
        TempData[ClearedKey] = user.Email;
        var code = user.CommuneId is { } communeId ? Communes.Single(c => c.Id == communeId).Code : null;
        return Redirect(Back(code));
    }

    // Role and service, from the row's own form.
    public async Task<IActionResult> OnPostChangeAsync(string? id, string? role, string? service, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        var result = await changes.ChangeAsync(Scope, id, role, service ?? "", active: null, ct);
        return await AfterAsync(result, "staff.users.changed", ct);
    }

    public async Task<IActionResult> OnPostActiveAsync(string? id, bool active, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        var result = await changes.ChangeAsync(Scope, id, role: null, service: null, active, ct);
        return await AfterAsync(result, active ? "staff.users.reactivated" : "staff.users.deactivated", ct);
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(string? id, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        return await AfterAsync(await changes.ResetTwoFactorAsync(Scope, id), "staff.users.twofactor.reset.done", ct);
    }

    public async Task<IActionResult> OnPostReinviteAsync(string? id, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        return await AfterAsync(await changes.ReinviteAsync(Scope, id), "staff.users.invited", ct);
    }

    // Signs one member out everywhere: within the administrator's reach, never themselves.
    public async Task<IActionResult> OnPostEndSessionsAsync(string? id, CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        return await AfterAsync(await changes.EndSessionsAsync(Scope, id), "staff.users.sessions.ended", ct);
    }

    // The platform administrator signs everyone out; this session alone stays, reissued with the new stamp.
    public async Task<IActionResult> OnPostEndAllSessionsAsync(CancellationToken ct)
    {
        if (!await LoadAsync(null, ct))
            return Forbid();
        if (await changes.EndAllSessionsAsync(Scope, User, ct) is not { } ended)
            return Forbid();
        if (await users.FindByIdAsync(Scope.UserId) is { } me)
        {
            // Read again: the statement changed the row behind whatever this request already loaded.
            await db.Entry(me).ReloadAsync(ct);
            await signIn.RefreshSignInAsync(me);
        }
        TempData[AllEndedKey] = ended;
        return Redirect("/staff/admin/users");
    }

    // Back to the list with a notice, or the list again with the refusal named beside the row's field.
    async Task<IActionResult> AfterAsync(StaffChangeResult result, string notice, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case StaffChangeOutcome.NotFound:
                return NotFound();
            case StaffChangeOutcome.Forbidden:
                return Forbid();
            case StaffChangeOutcome.Invalid:
                foreach (var (field, keys) in result.Errors!)
                    ModelState.AddModelError($"{field}-{result.User!.Id}", l[keys[0]]);
                await LoadAsync(CommuneCodeOf(result.User!), ct);
                return Page();
            default:
                TempData[ChangedKey] = $"{notice} {result.User!.Email}";
                return Redirect(Back(CommuneCodeOf(result.User!)));
        }
    }

    string? CommuneCodeOf(StaffUser user) => user.CommuneId is { } id ? Communes.FirstOrDefault(c => c.Id == id)?.Code : null;

    string Back(string? commune) =>
        Scope.IsPlatformAdmin && commune is not null ? $"/staff/admin/users?commune={Uri.EscapeDataString(commune)}" : "/staff/admin/users";

    // A platform administrator picks the commune (none: everyone); a commune administrator always gets their own.
    async Task<bool> LoadAsync(string? communeCode, CancellationToken ct)
    {
        var scope = StaffScope.From(User);
        if (scope is not { ManagesUsers: true })
            return false;
        Scope = scope;
        // A commune one may not administer, named in the address or a hidden field, is refused rather than ignored.
        if (await AdministeredCommune.ResolveAsync(db, scope, string.IsNullOrEmpty(communeCode) ? null : communeCode, HttpContext, ct) is not { } chosen)
            return false;
        (Communes, Commune) = (chosen.Communes, chosen.Commune);
        if (!scope.IsPlatformAdmin && Commune is null)
            return false;
        Input.Commune = Commune?.Code;
        Services = Commune is null ? [] : (await db.Services.AsNoTracking().Where(s => s.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(Localization.Current);

        var communeId = Commune?.Id;
        var members = await db.Users.AsNoTracking().Where(u => communeId == null || u.CommuneId == communeId).OrderBy(u => u.Email).ToListAsync(ct);
        var ids = members.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var serviceIds = members.Where(u => u.ServiceId != null).Select(u => u.ServiceId!.Value).Distinct().ToList();
        var services = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var lang = Localization.Current;
        var waiting = await throttling.WaitingAsync(members.Select(u => u.Email ?? ""), ct);
        Rows = members.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? "",
            u.CommuneId is { } c ? Communes.FirstOrDefault(x => x.Id == c)?.Name.In(lang) : null,
            u.ServiceId is { } s && services.TryGetValue(s, out var service) ? service.Name.In(lang) : null,
            u.TwoFactorEnabled,
            waiting.Contains(u.Email ?? ""),
            u.Active,
            u.InvitedAt is not null && u.PasswordHash is null,
            u.ServiceId is { } sid && services.TryGetValue(sid, out var own) ? own.Code : null)).ToList();
        return true;
    }

    public sealed record UserRow(string Id, string Email, string? DisplayName, string Role, string? Commune, string? Service, bool TwoFactor, bool Waiting,
        bool Active, bool Invited, string? ServiceCode);

    public sealed class UserInput
    {
        public string? Commune { get; set; }
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string? Service { get; set; }
        public string? Password { get; set; }
    }
}
