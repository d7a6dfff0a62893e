using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// Creating a member of staff of one commune, for the API, the administration page and the bulk import alike.
// Without a password, the person is invited: a mail with a single-use link lets them choose one (StaffMail).
public static class StaffAccounts
{
    // Roles a commune can hold; platform administrators belong to no commune.
    public static readonly string[] CommuneRoles = [Roles.CommuneAdmin, Roles.ComplaintsCell, Roles.ServiceAgent, Roles.Observer];

    public static async Task<(StaffUser? User, Dictionary<string, List<string>> Errors)> CreateAsync(AppDbContext db, UserManager<StaffUser> users,
        StaffMail mail, Commune commune, string? email, string? password, string? role, string? serviceCode, string? displayName, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(key);

        // The same rule as for citizens: a bare address, no display name.
        if (string.IsNullOrWhiteSpace(email) || !FilingValidation.IsEmail(email.Trim()))
            Add("email", "error.email.invalid");
        else if (await users.FindByEmailAsync(email.Trim()) is not null)
            Add("email", "error.email.taken");
        if (string.IsNullOrEmpty(role) || !CommuneRoles.Contains(role))
            Add("role", "error.role.unknown");
        Service? service = null;
        if (role == Roles.ServiceAgent)
        {
            service = string.IsNullOrWhiteSpace(serviceCode) ? null
                : await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.CommuneId == commune.Id && s.Code == serviceCode, ct);
            if (service is null)
                Add("service", string.IsNullOrWhiteSpace(serviceCode) ? "error.service.required" : "error.service.unknown");
            // A deactivated service receives no complaint: nobody is appointed to it.
            else if (!service.Active)
                Add("service", "error.service.inactive");
        }
        var user = new StaffUser
        {
            UserName = email?.Trim(),
            Email = email?.Trim(),
            EmailConfirmed = true,
            CommuneId = commune.Id,
            ServiceId = service?.Id,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
        };
        // The password rule knows the person's address and commune, so it judges the account as it would be saved.
        if (!string.IsNullOrEmpty(password) && await PasswordRule.CheckAsync(users, user, password) is { } refused)
            Add("password", refused);
        if (errors.Count > 0)
            return (null, errors);

        var invited = string.IsNullOrEmpty(password);
        // A chosen password was judged above by every password validator: it is hashed as it is, not judged twice.
        if (invited)
            mail.MarkInvited(user);
        else
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password!);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            Add("email", created.Errors.First().Code.StartsWith("Duplicate", StringComparison.Ordinal) ? "error.email.taken" : "error.email.invalid");
            return (null, errors);
        }
        await users.AddToRoleAsync(user, role!);
        if (invited)
        {
            // The caller's StaffMail, not one resolved through the context: a pooled context outlives the request and
            // knows only the application's root services, whose outbox would be another context's, never saved.
            await mail.InviteAsync(user);
            await db.SaveChangesAsync(ct);
        }
        return (user, errors);
    }
}
