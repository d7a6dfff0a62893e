using System.Globalization;
using System.Text.RegularExpressions;
using Complaints.Web.Notifications;
using Microsoft.AspNetCore.Identity;

namespace Complaints.Web.Staff;

// The mails that let a member of staff set their password: an invitation when an administrator adds them
// without one, a new password when they forgot it. Both go through the outbox with the caller's next save.
public sealed class StaffMail(UserManager<StaffUser> users, Notifier notifier, TimeProvider clock)
{
    public const string InvitationPath = "/staff/invitation";
    public const string NewPasswordPath = "/staff/reset";

    // An account created without a password waits for its invitation to be accepted from now on.
    public void MarkInvited(StaffUser user) => user.InvitedAt = clock.GetUtcNow().UtcDateTime;

    public async Task InviteAsync(StaffUser user)
    {
        var token = await users.GenerateUserTokenAsync(user, StaffLinkTokens.Name, StaffLinkTokens.Invitation);
        Queue(user, NotificationEvent.Invitation, InvitationPath, token, StaffLinkTokens.Invitation);
    }

    public async Task NewPasswordAsync(StaffUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Queue(user, NotificationEvent.NewPassword, NewPasswordPath, token, StaffLinkTokens.NewPassword);
    }

    // The outbox page shows what left, but not these links: an administrator could otherwise use a colleague's.
    public static string WithoutLinks(string body, string hidden) => Regex.Replace(body, @"https?://\S+", hidden);

    void Queue(StaffUser user, NotificationEvent e, string path, string token, string purpose) =>
        notifier.StaffAccount(user.CommuneId, e, user.Email!, new Dictionary<string, string>
        {
            ["link"] = $"{notifier.PublicUrl}{path}?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}",
            ["email"] = user.Email!,
            ["hours"] = StaffLinkTokens.Lifespan(purpose).TotalHours.ToString(CultureInfo.InvariantCulture),
            ["days"] = StaffLinkTokens.Lifespan(purpose).TotalDays.ToString(CultureInfo.InvariantCulture),
        });
}
