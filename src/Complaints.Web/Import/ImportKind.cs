namespace Complaints.Web.Import;

// What a sheet holds, and the columns each kind reads, in the order of its blank template.
public enum ImportKind { Services, Categories, Districts, Staff }

public static class ImportColumns
{
    public const string Code = "code";
    public const string NameFr = "nameFr";
    public const string NameAr = "nameAr";
    public const string Service = "service";
    public const string DescriptionFr = "descriptionFr";
    public const string DescriptionAr = "descriptionAr";
    public const string Email = "email";
    public const string Role = "role";
    public const string DisplayName = "displayName";

    // Columns a sheet may leave out: they read as empty.
    static readonly string[] Optional = [DescriptionFr, DescriptionAr, DisplayName];

    public static IReadOnlyList<string> Of(ImportKind kind) => kind switch
    {
        ImportKind.Services or ImportKind.Districts => [Code, NameFr, NameAr],
        ImportKind.Categories => [Code, NameFr, NameAr, Service, DescriptionFr, DescriptionAr],
        _ => [Email, Role, Service, DisplayName],
    };

    // The kind a header row names. Services and districts share their columns, so those sheets need the kind chosen.
    public static ImportKind? Detect(IReadOnlyList<string> header)
    {
        var names = header.Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Contains(Email))
            return ImportKind.Staff;
        if (names.Contains(Service) || names.Contains(DescriptionFr) || names.Contains(DescriptionAr))
            return ImportKind.Categories;
        return null;
    }

    // The position of each of the kind's columns in the header (columns in any order, any case), or the missing ones.
    public static (int[] Positions, List<string> Missing) Locate(ImportKind kind, IReadOnlyList<string> header)
    {
        var columns = Of(kind);
        var positions = new int[columns.Count];
        var missing = new List<string>();
        var headerList = header.ToList();
        for (var i = 0; i < columns.Count; i++)
        {
            positions[i] = headerList.FindIndex(h => string.Equals(h, columns[i], StringComparison.OrdinalIgnoreCase));
            if (positions[i] < 0 && !Optional.Contains(columns[i]))
                missing.Add(columns[i]);
        }
        return (positions, missing);
    }

    // The blank template offered for download: the header row alone, with ';' and a byte-order mark so that Excel in a
    // French or Arabic locale opens it in columns (ADR 11); a sheet may come back with either separator.
    public static byte[] Template(ImportKind kind) => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(string.Join(';', Of(kind)) + "\r\n")];

    public static string Wire(ImportKind kind) => kind.ToString().ToLowerInvariant();

    public static ImportKind? Parse(string? wire) =>
        Enum.GetValues<ImportKind>().Cast<ImportKind?>().FirstOrDefault(k => Wire(k!.Value) == wire);
}
