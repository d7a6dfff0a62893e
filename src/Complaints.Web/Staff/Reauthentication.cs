using Complaints.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Staff;

// What could hand the account to someone else (a new password, the second factor off, a new authenticator key, new
// recovery codes, ending sessions) asks for the current password on the same form (ASVS 5.0 V7.5). A wrong one
// counts as a failed sign-in, on the same counters and waits as the sign-in pages: a session left open on a shared
// computer does not let anyone guess the password at leisure. While the member's counter waits, nothing is checked.
public sealed class Reauthentication(UserManager<StaffUser> users, SignInThrottling throttling, AuditLog audit,
    IHttpContextAccessor accessor, IStringLocalizer<SharedResource> l)
{
    // True when the password is the member's; otherwise the reason is added to the field and nothing may change.
    public async Task<bool> CheckAsync(StaffUser member, string? password, ModelStateDictionary state, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            state.AddModelError(field, l["staff.account.password.current.required"]);
            return false;
        }
        var http = accessor.HttpContext!;
        var attempt = throttling.For(member.Email!, http.Connection.RemoteIpAddress);
        if (await attempt.WaitAsync(http.RequestAborted) is { } wait)
        {
            state.AddModelError(field, SignInThrottling.Sentence(l, wait));
            return false;
        }
        if (!await users.CheckPasswordAsync(member, password))
        {
            await attempt.FailedAsync(http.RequestAborted);
            await audit.RecordNowAsync(StaffScope.From(http.User), AuditActions.LoginFailed, member.CommuneId, details: $"{member.Email} account page");
            state.AddModelError(field, l["staff.account.password.wrong"]);
            return false;
        }
        await attempt.SucceededAsync(http.RequestAborted);
        return true;
    }
}
