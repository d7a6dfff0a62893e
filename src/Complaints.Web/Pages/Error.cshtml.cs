using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages;

// No handler: the page is drawn again for whatever request failed, whatever its method (a PUT refused 405 included).
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    // From the query only: a re-executed POST still carries its form, whose own "Code" field (the access code on
    // /track) would otherwise be read instead.
    public int? Code => int.TryParse(Request.Query["code"], out var code) ? code : null;

    // The code of a status page, or the status the exception handler chose (400 for a request at fault).
    int Known => (Code ?? HttpContext.Response.StatusCode) is var code and (400 or 403 or 404 or 405 or 413 or 429) ? code : 500;

    public string TitleKey => $"error.{Known}.title";

    public string TextKey => $"error.{Known}.text";

    // After a request limit: the seconds the refusal's Retry-After names.
    public int? RetryAfterSeconds => Known == 429 && int.TryParse(Response.Headers.RetryAfter, out var seconds) ? seconds : null;
}
