using Microsoft.Extensions.Localization;

namespace Complaints.Web.Privacy;

// What a commune tells citizens about its processing of their data (loi 09-08, article 5): the page
// /{commune}/privacy, the form's summary and the receipt all say it from the same commune settings.
public static class PrivacyNotice
{
    // The layout links its footer to the notice of the commune a page names here (or in its route).
    public const string CommuneKey = "PrivacyCommune";

    public static string Path(string communeCode) => $"/{Uri.EscapeDataString(communeCode)}/privacy";

    // "24 months after your complaint is settled", or "until it is settled" for a commune that keeps nothing after.
    public static string Retention(IStringLocalizer l, int months) => l[RetentionKey(months), months];

    // The retention phrase: Arabic counts months in five forms (CLDR plural rules), French in one.
    public static string RetentionKey(int months) => months switch
    {
        0 => "privacy.retention.none",
        1 => "privacy.retention.one",
        2 => "privacy.retention.two",
        _ when months % 100 is >= 3 and <= 10 => "privacy.retention.few",
        _ when months % 100 is >= 11 => "privacy.retention.many",
        _ => "privacy.retention.other",
    };
}
