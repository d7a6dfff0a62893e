using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Complaints.Web.Pages;

[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "error.500.title";
    public string TextKey { get; private set; } = "error.500.text";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    void Describe(int? code)
    {
        var known = code is 400 or 403 or 404 or 405 or 413 or 429 ? code.Value : 500;
        TitleKey = $"error.{known}.title";
        TextKey = $"error.{known}.text";
    }
}
