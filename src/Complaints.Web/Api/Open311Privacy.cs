using System.Text.RegularExpressions;
using Complaints.Web.Domain;

namespace Complaints.Web.Api;

// Names, e-mail addresses and phone numbers never leave through the public API (docs/open311.md, loi 09-08),
// not even when the citizen or an agent typed them into a published text.
public static partial class Open311Privacy
{
    const string Hidden = "[…]";

    public static string? Redact(string? text, Complainant who)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        text = EmailAddress().Replace(text, Hidden);
        foreach (var name in new[] { who.FirstName, who.LastName })
            if (name?.Trim() is { Length: >= 2 } n)
                text = Regex.Replace(text, $@"(?<!\w){Regex.Escape(n)}(?!\w)", Hidden, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        // The last nine digits, whatever the separators or prefix (06..., +212 6...).
        var digits = new string((who.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 9)
            text = Regex.Replace(text, string.Join(@"[\s.\-()]*", digits[^9..].ToCharArray()), Hidden);
        return text;
    }

    [GeneratedRegex(@"[^\s@<>()\[\],;:""]+@[^\s@<>()\[\],;:""]+\.[^\s@<>()\[\],;:""]+")]
    private static partial Regex EmailAddress();
}
