using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.SignIn;

// A forgotten password: a link to choose a new one goes to the address if an active member uses it. The answer is
// the same either way, so the page does not tell which addresses have an account.
[EnableRateLimiting(RateLimits.Recovery)]
public class ForgotModel(UserManager<StaffUser> users, StaffMail mail, AppDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email) || !FilingValidation.IsEmail(email))
        {
            ModelState.AddModelError(nameof(Email), l["error.email.invalid"]);
            return Page();
        }
        // Deactivated members get nothing: they may not come back by this door. Every request is audited, in the
        // same one save as the mail when there is one, so an address without an account costs the same round trips.
        var user = await users.FindByEmailAsync(email);
        if (user is { Active: true })
            await mail.NewPasswordAsync(user);
        audit.Record(null, AuditActions.NewPasswordRequested, user?.CommuneId, details: user switch
        {
            null => "unknown account, nothing sent",
            { Active: false } => $"{user.Email} deactivated, nothing sent",
            _ => user.Email,
        });
        await db.SaveChangesAsync(ct);
        Sent = true;
        return Page();
    }
}
