using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages;

[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "error.500.title";
    public string TextKey { get; private set; } = "error.500.text";
    // After a request limit: the seconds the refusal's Retry-After names.
    public int? RetryAfterSeconds { get; private set; }

    // From the query only: a re-executed POST still carries its form, whose own "Code" field (the access code on
    // /track) would otherwise be read instead.
    public void OnGet([FromQuery] int? code) => Describe(code);

    public void OnPost([FromQuery] int? code) => Describe(code);

    void Describe(int? code)
    {
        var known = code is 400 or 403 or 404 or 413 or 429 ? code.Value : 500;
        TitleKey = $"error.{known}.title";
        TextKey = $"error.{known}.text";
        if (known == 429 && int.TryParse(Response.Headers.RetryAfter, out var seconds))
            RetryAfterSeconds = seconds;
    }
}
