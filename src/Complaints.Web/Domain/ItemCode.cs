using System.Text.RegularExpressions;

namespace Complaints.Web.Domain;

// Codes name communes, services, categories, districts and extra questions in URLs, Open311 and import sheets:
// lower-case ASCII letters and digits joined by single hyphens or underscores, so they read the same in every language
// and need no escaping.
public static partial class ItemCode
{
    public const int Max = 64;
    // A name of an item, in each language.
    public const int NameMax = 200;

    [GeneratedRegex("^[a-z0-9]+([-_][a-z0-9]+)*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? code) => code is { Length: > 0 and <= Max } && Pattern().IsMatch(code);
}
