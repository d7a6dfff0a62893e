using System.Text.RegularExpressions;
using Complaints.Web.Domain;

namespace Complaints.Web.Privacy;

// E-mail addresses, phone numbers and names taken out of a text that is shown publicly or outlives the complaint it
// came from: Open311's published texts, staff texts at anonymisation, a delivery error in the outbox and the logs.
public static partial class ContactText
{
    const string Hidden = "[…]";

    public static string Redact(string text) => Phone().Replace(Email().Replace(text, Hidden), Hidden);

    // One complainant taken out of a text (Open311, loi 09-08; the retention pass): every e-mail address, their names,
    // and their phone number by its last nine digits, whatever the separators or prefix (06..., +212 6...).
    public static string? Redact(string? text, Complainant who)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        text = Email().Replace(text, Hidden);
        foreach (var name in new[] { who.FirstName, who.LastName })
            if (name?.Trim() is { Length: >= 2 } n)
                text = Regex.Replace(text, $@"(?<!\w){Regex.Escape(n)}(?!\w)", Hidden, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var digits = new string((who.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 9)
            text = Regex.Replace(text, string.Join(@"[\s.\-()]*", digits[^9..].ToCharArray()), Hidden);
        return text;
    }

    [GeneratedRegex(@"[^\s@<>()\[\],;:""']+@[^\s@<>()\[\],;:""']+\.[^\s@<>()\[\],;:""']+")]
    private static partial Regex Email();

    // Nine digits or more, with the separators people write between them (+212 6 12 34 56 78, 06.12.34.56.78).
    [GeneratedRegex(@"\+?\d(?:[\s.\-()]*\d){8,}")]
    private static partial Regex Phone();
}
