using Complaints.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Receipts;

// What a page that offers a PDF says when none came. Busy printers answer 503 with Retry-After, so people and
// clients come back later, and the message points to the page itself, which prints from the browser.
public static class PdfRefusal
{
    public static string Explain(this PdfPrint print, HttpResponse response, IStringLocalizer l, string missingKey)
    {
        switch (print.Outcome)
        {
            case PdfOutcome.Busy:
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                RetryAfter.Set(response, print.RetryAfter);
                return l["pdf.busy"];
            case PdfOutcome.Failed:
                return l["pdf.failed"];
            default:
                return l[missingKey];
        }
    }
}
