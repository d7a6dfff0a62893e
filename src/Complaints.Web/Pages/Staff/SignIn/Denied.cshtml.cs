using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages.Staff.SignIn;

// Where the sign-in cookie sends a member of staff whose role does not open a page: a 403 that says so.
[IgnoreAntiforgeryToken]
public class DeniedModel : PageModel
{
    public void OnGet() => Refuse();

    public void OnPost() => Refuse();

    void Refuse()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        // This page is the explanation; the generic error page must not replace it.
        if (HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
    }
}
