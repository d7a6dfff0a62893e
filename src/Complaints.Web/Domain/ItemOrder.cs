using System.Globalization;

namespace Complaints.Web.Domain;

// One order for every list of a commune's services, categories and districts: the place its administrator gave each
// one, then the name in the reader's language, then the code so that equal names still read the same way every time.
public static class ItemOrder
{
    public static List<T> InOrder<T>(this IEnumerable<T> items, string language) where T : CommuneItem
    {
        var names = StringComparer.Create(CultureInfo.GetCultureInfo(language), CompareOptions.IgnoreCase);
        return items.OrderBy(i => i.SortOrder).ThenBy(i => i.Name.In(language), names).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
    }
}
