using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Figures;

// Every commune side by side for a period, without login: the emulation the communes asked for (docs/figures.md).
// Sorted on the server by any column, so the headers are plain links and no script is needed.
public class IndexModel(NationalComparison comparison, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : FiguresPageModel(db, clock, l)
{
    // Shares sort by the share (treated, definitive, satisfied, within), counts and days by themselves.
    public static readonly string[] Columns = ["commune", "received", "treated", "definitive", "reopened", "satisfied", "average", "median", "within", "late"];

    public NationalFigures? National { get; private set; }
    public List<CommuneLine> Lines { get; private set; } = [];
    public string Sort { get; private set; } = "commune";
    public bool Descending { get; private set; }

    public async Task OnGetAsync([FromQuery] PeriodInput input, string? sort, string? dir, CancellationToken ct)
    {
        if (sort is not null && Columns.Contains(sort))
        {
            Sort = sort;
            Descending = dir == "desc";
        }
        if (await ChoosePeriodAsync(input, ct) is not { } period)
            return;
        National = await comparison.GetAsync(period, ct);
        Lines = Sorted(National.Communes);
        AllowPublicCaching();
    }

    List<CommuneLine> Sorted(IEnumerable<CommuneLine> lines)
    {
        var language = Localization.Current;
        var names = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        if (Sort == "commune")
            return [.. Descending ? lines.OrderByDescending(c => c.Name.In(language), names) : lines.OrderBy(c => c.Name.In(language), names)];
        // An undefined share or delay goes last either way; equal values keep the order of the names.
        var defined = lines.OrderBy(c => Key(c.Figures) is null);
        var ordered = Descending ? defined.ThenByDescending(c => Key(c.Figures)) : defined.ThenBy(c => Key(c.Figures));
        return [.. ordered.ThenBy(c => c.Name.In(language), names)];
    }

    double? Key(Statistics.Figures f) => Sort switch
    {
        "received" => f.Received,
        "treated" => f.TreatedRate,
        "definitive" => f.DefinitiveResponseRate,
        "reopened" => f.Reopened,
        "satisfied" => f.SatisfiedRate,
        "average" => f.AverageDaysToDefinitiveResponse,
        "median" => f.MedianDaysToDefinitiveResponse,
        "within" => f.WithinDeadlineRate,
        "late" => f.Overdue,
        _ => null,
    };

    // A header sorts by its column: again on the sorted one turns the order round; names start A to Z, numbers highest first.
    public string SortLink(string column) => Link("/figures",
        [.. PeriodQuery(), new("sort", column), new("dir", NextDirection(column))]);

    string NextDirection(string column) =>
        column == Sort ? (Descending ? "asc" : "desc") : column == "commune" ? "asc" : "desc";

    public string? AriaSort(string column) => column == Sort ? (Descending ? "descending" : "ascending") : null;

    // The sort the period forms keep, when it is not the default (names A to Z).
    public List<KeyValuePair<string, string?>> SortQuery() =>
        Sort == "commune" && !Descending ? [] : [new("sort", Sort), new("dir", Descending ? "desc" : "asc")];

    public override string JsonHref => JsonLink();

    // How old the comparison may be at most: it is kept a few minutes (ADR 17); the page says when it was computed.
    public int MaxAgeMinutes => (int)comparison.MaxAge.TotalMinutes;

    public string CommuneLink(string code) => Link($"/figures/{code}", PeriodQuery());
}
