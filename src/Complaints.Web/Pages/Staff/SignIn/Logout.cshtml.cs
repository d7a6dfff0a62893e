using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages.Staff.SignIn;

// Every page's "sign out" button posts here; it stays reachable with an expired or half-finished sign-in.
public class LogoutModel(SignInManager<StaffUser> signIn, StaffSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/staff");

    public async Task<IActionResult> OnPostAsync()
    {
        // Its session record ends, so every copy of the session cookie is worthless (SessionCheck refuses it on its next
        // request), not only the one this browser deletes: a copied or stolen cookie ends with the sign-out. The
        // member's other sessions (another computer, the API) go on.
        if (signIn.UserManager.GetUserId(User) is { } member)
            await sessions.EndAsync(member, StaffSessions.HashOf(User), HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        // Pages kept by this browser (back button, cache) and anything a script stored go with the session.
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        return Redirect("/staff/login");
    }
}
