using System.Globalization;
using System.Text;

namespace Complaints.Web.Domain;

// Search ignores case, French accents and Arabic short vowels, the same way on both databases:
// what is stored and what is typed are folded alike.
public static class SearchTerms
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == '\u0640')
                continue;
            if (char.IsWhiteSpace(c))
            {
                if (!space && folded.Length > 0)
                    folded.Append(' ');
                space = true;
                continue;
            }
            space = false;
            folded.Append(c);
        }
        return folded.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    // A LIKE pattern for "contains", with the wildcards of the text escaped by '\'.
    public static string ContainsPattern(string text) =>
        "%" + Fold(text).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
