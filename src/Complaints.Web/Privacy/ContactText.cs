using System.Text.RegularExpressions;

namespace Complaints.Web.Privacy;

// E-mail addresses and phone numbers taken out of a text that outlives the complaint it came from: a delivery
// error kept in the outbox and written to the logs quotes the address it could not reach.
public static partial class ContactText
{
    public static string Redact(string text) => Phone().Replace(Email().Replace(text, "[…]"), "[…]");

    [GeneratedRegex(@"[^\s@<>()\[\],;:""']+@[^\s@<>()\[\],;:""']+\.[^\s@<>()\[\],;:""']+")]
    private static partial Regex Email();

    // Nine digits or more, with the separators people write between them (+212 6 12 34 56 78, 06.12.34.56.78).
    [GeneratedRegex(@"\+?\d(?:[\s.\-()]*\d){8,}")]
    private static partial Regex Phone();
}
