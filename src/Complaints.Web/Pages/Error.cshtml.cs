using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages;

// No handler: the page is drawn again for whatever request failed, whatever its method (a PUT refused 405 included).
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    // The code of a status page, or the status the exception handler chose (400 for a request at fault).
    int Known => (Code ?? HttpContext.Response.StatusCode) is var code and (400 or 403 or 404 or 405 or 413 or 429) ? code : 500;

    public string TitleKey => $"error.{Known}.title";

    public string TextKey => $"error.{Known}.text";
}
