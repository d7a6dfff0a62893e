using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// The inbox: what is new, with the services, late or everything, filtered, sorted and paged
// with the same query as GET /api/v1/complaints.
public class IndexModel(Inbox inbox, AppDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 25;

    public static readonly string[] Tabs = ["all", "new", "services", "late"];
    public static readonly string[] Sorts = ["deadline", "-deadline", "filed", "-filed", "reference"];

    public StaffScope Scope { get; private set; } = null!;
    public InboxInput Input { get; private set; } = new();
    public InboxPage? Result { get; private set; }
    public DateOnly Today => inbox.Today;
    public List<Commune> Communes { get; private set; } = [];
    public List<Option> Categories { get; private set; } = [];
    public List<Option> Services { get; private set; } = [];
    public List<Option> Districts { get; private set; } = [];

    // Service agents have one queue: theirs; the tabs sort the cell's work.
    public bool ShowsTabs => !Scope.IsServiceAgent;

    public async Task<IActionResult> OnGetAsync([FromQuery] InboxInput input, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        Input = input;
        var filter = FilterFor(Scope, Input);
        filter.Page = Input.Page;
        filter.PageSize = PageSize;
        var (result, errors) = await inbox.ListAsync(Scope, filter, ct);
        Result = result;
        foreach (var (field, key) in errors)
            ModelState.AddModelError(field, l[key]);
        await LoadChoicesAsync(ct);
        return Page();
    }

    // The inbox's query string as the list's filter: the same for the page and its exports (Export.cshtml.cs).
    public static InboxFilter FilterFor(StaffScope scope, InboxInput input)
    {
        if (!Tabs.Contains(input.Tab))
            input.Tab = "all";
        var tabs = !scope.IsServiceAgent;
        var filter = new InboxFilter
        {
            Commune = scope.IsPlatformAdmin ? input.Commune : null,
            Status = input.Status,
            Category = input.Category,
            Service = scope.IsServiceAgent ? null : input.Service,
            District = input.District,
            Channel = input.Channel,
            Q = input.Q,
            Overdue = input.Late ? true : null,
            Sort = input.Sort switch
            {
                "-deadline" => InboxSort.DeadlineDesc,
                "filed" => InboxSort.Filed,
                "-filed" => InboxSort.FiledDesc,
                "reference" => InboxSort.Reference,
                _ => InboxSort.Deadline,
            },
        };
        // A tab is a ready-made filter; a status or "late" chosen by hand wins over it.
        if (tabs && string.IsNullOrWhiteSpace(input.Status))
            filter.Status = input.Tab switch { "new" => "received", "services" => "assigned,in_progress,reopened", _ => null };
        if (tabs && input.Tab == "late")
            filter.Overdue = true;
        return filter;
    }

    async Task LoadChoicesAsync(CancellationToken ct)
    {
        var lang = Hosting.Localization.Current;
        int? communeId = Scope.CommuneId;
        if (Scope.IsPlatformAdmin)
        {
            Communes = await db.Communes.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
            communeId = Communes.FirstOrDefault(c => c.Code == Input.Commune)?.Id;
        }
        // Without a commune (a platform admin looking at all), the demo communes share their codes.
        // Deactivated items stay here: their complaints are still to be found.
        var categories = await db.Categories.AsNoTracking().Where(c => communeId == null || c.CommuneId == communeId).ToListAsync(ct);
        Categories = categories.InOrder(lang).DistinctBy(c => c.Code).Select(c => new Option(c.Code, c.Name.In(lang))).ToList();
        var services = await db.Services.AsNoTracking().Where(s => communeId == null || s.CommuneId == communeId).ToListAsync(ct);
        Services = services.InOrder(lang).DistinctBy(s => s.Code).Select(s => new Option(s.Code, s.Name.In(lang))).ToList();
        var districts = await db.Districts.AsNoTracking().Where(d => communeId == null || d.CommuneId == communeId).ToListAsync(ct);
        Districts = districts.InOrder(lang).DistinctBy(d => d.Code).Select(d => new Option(d.Code, d.Name.In(lang))).ToList();
    }

    // The query string of this list with some values changed: tabs, sort and pages keep the rest.
    public string Link(string? tab = null, int? page = null, string? sort = null) =>
        "/staff" + Microsoft.AspNetCore.Http.QueryString.Create(Values(tab, page, sort).Where(v => !string.IsNullOrEmpty(v.Value)));

    // The same list as a file: every page of it, with the filters, sort and tab shown.
    public string ExportLink(string format) =>
        "/staff/export" + Microsoft.AspNetCore.Http.QueryString.Create(
            [.. Values(null, null, null).Where(v => v.Key != "page" && !string.IsNullOrEmpty(v.Value)), new("format", format)]);

    List<KeyValuePair<string, string?>> Values(string? tab, int? page, string? sort) =>
        [

            new("tab", tab ?? Input.Tab),
            new("commune", Input.Commune),
            new("status", tab is null ? Input.Status : null),
            new("category", Input.Category),
            new("service", Input.Service),
            new("district", Input.District),
            new("channel", Input.Channel),
            new("late", Input.Late && tab is null ? "true" : null),
            new("q", Input.Q),
            new("sort", sort ?? Input.Sort),
            new("page", (page ?? (tab is null && sort is null ? Input.Page : 1)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

    public sealed record Option(string Code, string Name);

    public sealed class InboxInput
    {
        public string Tab { get; set; } = "all";
        public string? Commune { get; set; }
        public string? Status { get; set; }
        public string? Category { get; set; }
        public string? Service { get; set; }
        public string? District { get; set; }
        public string? Channel { get; set; }
        public bool Late { get; set; }
        public string? Q { get; set; }
        public string? Sort { get; set; }
        public int Page { get; set; } = 1;
    }
}
