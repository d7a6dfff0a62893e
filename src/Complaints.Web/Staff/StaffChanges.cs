using System.Security.Claims;
using System.Security.Cryptography;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

public enum StaffChangeOutcome { Done, NotFound, Forbidden, Invalid }

public sealed record StaffChangeResult(StaffChangeOutcome Outcome, StaffUser? User = null, Dictionary<string, List<string>>? Errors = null)
{
    public static readonly StaffChangeResult NotFound = new(StaffChangeOutcome.NotFound);
    public static readonly StaffChangeResult Forbidden = new(StaffChangeOutcome.Forbidden);
}

// What an administrator does to a member of staff after adding them, for the page and the API alike: role, service,
// deactivation, second factor, invitation. A commune administrator acts only in their commune (anyone else is not
// found), never grants a role above their own, nor deactivates themselves; a platform administrator may do all.
// Every change renews the member's security stamp: their sessions and bearer tokens, which carry the old role and
// service, are refused on their next request (SessionCheck) and they sign in again with the new ones. Refreshing
// the claims on every request instead would cost a roles query each time for a change made a few times a year.
public sealed class StaffChanges(AppDbContext db, UserManager<StaffUser> users, StaffMail mail, AuditLog audit, TimeProvider clock, IHttpContextAccessor http,
    StaffSessions sessions)
{
    // The members this administrator may act on.
    public async Task<StaffUser?> FindAsync(StaffScope scope, string? id)
    {
        if (!scope.ManagesUsers || string.IsNullOrEmpty(id))
            return null;
        var user = await users.FindByIdAsync(id);
        if (user is not null && (scope.IsPlatformAdmin || (user.CommuneId is { } commune && commune == scope.CommuneId)))
            return user;
        if (user is not null)
            await ReachRefusals.UserAsync(http.HttpContext, scope, id, CancellationToken.None);
        return null;
    }

    public async Task<string?> RoleOfAsync(StaffUser user) => (await users.GetRolesAsync(user)).FirstOrDefault();

    public async Task<StaffChangeResult> ChangeAsync(StaffScope scope, string? id, string? role, string? service, bool? active, CancellationToken ct)
    {
        if (!scope.ManagesUsers)
            return StaffChangeResult.Forbidden;
        var user = await FindAsync(scope, id);
        if (user is null)
            return StaffChangeResult.NotFound;
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(key);

        var current = await RoleOfAsync(user);
        var newRole = string.IsNullOrEmpty(role) ? current : role;
        if (!string.IsNullOrEmpty(role) && role != current)
        {
            if (role == Roles.PlatformAdmin && !scope.IsPlatformAdmin)
                Add("role", "error.role.ceiling");
            else if (role != Roles.PlatformAdmin && !StaffAccounts.CommuneRoles.Contains(role))
                Add("role", "error.role.unknown");
            // A platform administrator belongs to no commune: a commune role needs one.
            else if (role != Roles.PlatformAdmin && user.CommuneId is null)
                Add("role", "error.role.commune");
            else if (user.Id == scope.UserId)
                Add("role", "error.user.self");
        }
        if (active == false && user.Id == scope.UserId)
            Add("active", "error.user.self");

        var serviceId = user.ServiceId;
        if (newRole == Roles.ServiceAgent)
        {
            var named = service is null || string.IsNullOrWhiteSpace(service) ? null
                : await db.Services.AsNoTracking().Where(s => s.CommuneId == user.CommuneId && s.Code == service).Select(s => new { s.Id, s.Active }).SingleOrDefaultAsync(ct);
            if (service is not null)
                serviceId = named?.Id;
            if (serviceId is null)
                Add("service", string.IsNullOrWhiteSpace(service) ? "error.service.required" : "error.service.unknown");
            // A deactivated service receives no complaint: nobody is moved to it.
            else if (named is { Active: false })
                Add("service", "error.service.inactive");
        }
        else
            serviceId = null;
        if (errors.Count > 0)
            return new(StaffChangeOutcome.Invalid, user, errors);

        var changes = new List<string>();
        return await db.InTransactionAsync<StaffChangeResult>(async transaction =>
        {
            if (newRole != current)
            {
                if (current is not null)
                    await users.RemoveFromRoleAsync(user, current);
                await users.AddToRoleAsync(user, newRole!);
                if (newRole == Roles.PlatformAdmin)
                    user.CommuneId = null;
                changes.Add($"role {current} → {newRole}");
            }
            if (serviceId != user.ServiceId)
            {
                changes.Add($"service {await ServiceCodeAsync(user.ServiceId, ct) ?? "—"} → {await ServiceCodeAsync(serviceId, ct) ?? "—"}");
                user.ServiceId = serviceId;
            }
            if (changes.Count > 0)
                audit.Record(scope, AuditActions.UserChanged, user.CommuneId, details: $"{user.Email} {string.Join(", ", changes)}");
            if (active is { } on && on != user.Active)
            {
                // Reactivating does not bring the old stamp back: what was issued before stays refused.
                user.DeactivatedAt = on ? null : clock.GetUtcNow().UtcDateTime;
                audit.Record(scope, on ? AuditActions.UserReactivated : AuditActions.UserDeactivated, user.CommuneId, details: user.Email);
                changes.Add("active");
            }
            if (changes.Count > 0)
            {
                await users.UpdateSecurityStampAsync(user);
                await sessions.EndOthersAsync(user.Id, null, ct);
            }
            await transaction.CommitAsync(ct);
            return new(StaffChangeOutcome.Done, user);
        }, ct);
    }

    // The member sets TOTP up again at their next sign-in: the old key and its app stop working.
    public async Task<StaffChangeResult> ResetTwoFactorAsync(StaffScope scope, string? id)
    {
        var user = await FindAsync(scope, id);
        if (user is null)
            return scope.ManagesUsers ? StaffChangeResult.NotFound : StaffChangeResult.Forbidden;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await sessions.EndOthersAsync(user.Id, null);
        await audit.RecordNowAsync(scope, AuditActions.TwoFactorReset, user.CommuneId, details: user.Email);
        return new(StaffChangeOutcome.Done, user);
    }

    // A new link for someone who has not yet chosen a password; the earlier links stop working.
    public async Task<StaffChangeResult> ReinviteAsync(StaffScope scope, string? id)
    {
        var user = await FindAsync(scope, id);
        if (user is null)
            return scope.ManagesUsers ? StaffChangeResult.NotFound : StaffChangeResult.Forbidden;
        if (await users.HasPasswordAsync(user) || !user.Active)
            return new(StaffChangeOutcome.Invalid, user, new() { ["user"] = ["error.invitation.accepted"] });
        await users.UpdateSecurityStampAsync(user);
        await mail.InviteAsync(user);
        await audit.RecordNowAsync(scope, AuditActions.InvitationSent, user.CommuneId, details: user.Email);
        return new(StaffChangeOutcome.Done, user);
    }

    // Signs a member out everywhere, nothing else changed (a phone lost, a session left open on a shared computer):
    // the new stamp ends their cookies and bearer tokens at their next request (SessionCheck).
    public async Task<StaffChangeResult> EndSessionsAsync(StaffScope scope, string? id)
    {
        var user = await FindAsync(scope, id);
        if (user is null)
            return scope.ManagesUsers ? StaffChangeResult.NotFound : StaffChangeResult.Forbidden;
        // One's own sessions end from the account page, not by signing oneself out from the list.
        if (user.Id == scope.UserId)
            return new(StaffChangeOutcome.Invalid, user, new() { ["user"] = ["error.user.self"] });
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndOthersAsync(user.Id, null);
        await audit.RecordNowAsync(scope, AuditActions.SessionsEnded, user.CommuneId, details: user.Email);
        return new(StaffChangeOutcome.Done, user);
    }

    // After a suspected breach, the platform administrator signs every member of every commune out, themselves
    // included (the page then reissues its own cookie): one statement, however many members. Each stamp is a fresh
    // random value followed by the member's id, so no two members share one. Invited members who have not chosen a
    // password have no session, and renewing their stamp would void their invitation link: they are left alone.
    // The session records end with them, but for the one kept (the page's own). Null when the caller may not;
    // otherwise how many members were signed out.
    public async Task<int?> EndAllSessionsAsync(StaffScope scope, ClaimsPrincipal? kept, CancellationToken ct)
    {
        if (!scope.IsPlatformAdmin)
            return null;
        var stamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var concurrency = Guid.NewGuid().ToString("N");
        var ended = await db.Users.Where(u => u.PasswordHash != null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, u => stamp + u.Id).SetProperty(u => u.ConcurrencyStamp, u => concurrency + u.Id), ct);
        await sessions.EndOthersAsync(null, kept, ct);
        await audit.RecordNowAsync(scope, AuditActions.AllSessionsEnded, details: $"{ended} members");
        return ended;
    }

    public async Task<string?> ServiceCodeAsync(int? id, CancellationToken ct) =>
        id is null ? null : await db.Services.AsNoTracking().Where(s => s.Id == id).Select(s => s.Code).SingleAsync(ct);
}
