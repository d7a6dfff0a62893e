using System.Globalization;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Staff;

// Letters to the citizen are written in the language they filed in, whatever the clerk reads.
public sealed class CitizenLetters(IStringLocalizerFactory factory)
{
    readonly IStringLocalizer l = factory.Create(typeof(SharedResource));

    public string Rejection(Complaint c, RejectionReason reason) => InLanguage(c.Language, () =>
        string.Format(CultureInfo.CurrentCulture, l["letter.rejection"],
            c.Reference, Display.DateTime(c.FiledAt), l[$"reason.{reason}"], c.Commune?.Name.In(c.Language)));

    public string InLanguage(string language, Func<string> write)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return write();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
