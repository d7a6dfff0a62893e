using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// The figures of one commune (of one service, for a service agent) for a period: the three headline figures,
// the others, the trend by month, the breakdowns and the late complaints. Every staff role may read it.
public class DashboardModel(AppDbContext db, FiguresQuery query, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int LateListSize = 20;

    public StaffScope Scope { get; private set; } = null!;
    public FiltersInput Input { get; private set; } = new();
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<Option> Categories { get; private set; } = [];
    public List<Option> Services { get; private set; } = [];
    public List<Option> Districts { get; private set; } = [];
    public string? FixedService { get; private set; }
    public DateOnly Today { get; private set; }
    public CommuneFigures? Figures { get; private set; }
    public List<LateRow> Late { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery] FiltersInput input, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        Input = input;
        // Binding text never fails; its entries ("From") would hide the errors' own keys ("from", the fields' ids).
        ModelState.Clear();
        Today = LegalDeadlines.Today(clock);
        var lang = Hosting.Localization.Current;

        // A platform administrator picks the commune; everyone else reads their own, whatever ?commune= says.
        if (Scope.IsPlatformAdmin)
        {
            Communes = await db.Communes.AsNoTracking().OrderBy(c => c.NameFr).ToListAsync(ct);
            Commune = Communes.SingleOrDefault(c => c.Code == Input.Commune?.Trim());
            if (Commune is null && !string.IsNullOrWhiteSpace(Input.Commune))
                ModelState.AddModelError("commune", l["stats.error.commune"]);
        }
        else
        {
            Input.Commune = null;
            Commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Scope.CommuneId, ct);
        }
        // A service agent without a service would see nothing of their own: nothing is shown.
        if (Commune is null || Scope.IsServiceAgent && Scope.ServiceId is null)
            return Commune is null && Scope.IsPlatformAdmin ? Page() : Forbid();

        var categories = await db.Categories.AsNoTracking().Where(c => c.CommuneId == Commune.Id).OrderBy(c => c.SortOrder).ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(s => s.CommuneId == Commune.Id).ToListAsync(ct);
        var districts = await db.Districts.AsNoTracking().Where(d => d.CommuneId == Commune.Id).OrderBy(d => d.Code).ToListAsync(ct);
        // Deactivated items stay among the filters: the figures keep them.
        Categories = [.. categories.InOrder(lang).Select(c => new Option(c.Code, c.Name.In(lang)))];
        Services = [.. services.InOrder(lang).Select(s => new Option(s.Code, s.Name.In(lang)))];
        Districts = [.. districts.InOrder(lang).Select(d => new Option(d.Code, d.Name.In(lang)))];

        var (period, badPeriod) = Period.Parse(Input.From, Input.To, Today);
        if (badPeriod is not null)
            ModelState.AddModelError(badPeriod, l[$"stats.error.{badPeriod}"]);
        var filter = new StatsFilter(
            Pick(categories, Input.Category, "category"),
            // The service filter of a service agent is their own service, fixed: ?service= changes nothing.
            Scope.IsServiceAgent ? Scope.ServiceId : Pick(services, Input.Service, "service"),
            Pick(districts, Input.District, "district"));
        if (Scope.IsServiceAgent)
        {
            Input.Service = null;
            FixedService = services.SingleOrDefault(s => s.Id == Scope.ServiceId)?.Name.In(lang);
        }
        if (!ModelState.IsValid || period is null)
            return Page();

        Figures = await query.CommuneAsync(Commune, period, filter, ct);
        Late = await LateAsync(Commune.Id, period, filter, ct);
        return Page();
    }

    // A code that is not one of the commune's items is an error on its field (null and no filter otherwise).
    int? Pick(IEnumerable<CommuneItem> items, string? code, string field)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var id = items.SingleOrDefault(i => i.Code == code.Trim())?.Id;
        if (id is null)
            ModelState.AddModelError(field, l[$"stats.error.{field}"]);
        return id;
    }

    // The same complaints as the late figure (Figures.IsOverdue), oldest due first; the role's scope applies too.
    async Task<List<LateRow>> LateAsync(int communeId, Period period, StatsFilter filter, CancellationToken ct)
    {
        var today = Today;
        var q = Scope.Visible(db.Complaints.AsNoTracking())
            .Where(c => c.CommuneId == communeId && c.FiledAt >= period.StartUtc && c.FiledAt < period.EndUtc)
            .Where(Complaint.LateOn(today));
        q = filter.Apply(q);
        // No description and no complainant: the list names complaints, not people.
        return await q.OrderBy(c => c.ResponseDueOn).ThenBy(c => c.Id).Take(LateListSize)
            .Select(c => new LateRow(c.Reference, c.Status, new LocalizedText(c.Category!.NameFr, c.Category.NameAr),
                c.Service != null ? new LocalizedText(c.Service.NameFr, c.Service.NameAr) : null, c.ResponseDueOn))
            .ToListAsync(ct);
    }

    // This dashboard for another period, with the same commune and filters.
    public string Link(DateOnly from, DateOnly to)
    {
        var values = new List<KeyValuePair<string, string?>>
        {
            new("commune", Input.Commune),
            new("from", Wire(from)),
            new("to", Wire(to)),
            new("category", Input.Category),
            new("service", Input.Service),
            new("district", Input.District),
        };
        return "/staff/dashboard" + QueryString.Create(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)));
    }

    // The inbox's late complaints with the same filters, for what the short list leaves out.
    public string InboxLateLink()
    {
        var values = new List<KeyValuePair<string, string?>>
        {
            // A service agent's inbox has no tabs; its "late" box does the same.
            Scope.IsServiceAgent ? new("late", "true") : new("tab", "late"),
            new("commune", Input.Commune),
            new("category", Input.Category),
            new("service", Input.Service),
            new("district", Input.District),
        };
        return "/staff" + QueryString.Create(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)));
    }

    // The ready-made periods: this year to date, last year, the last twelve months.
    public IEnumerable<(string Key, DateOnly From, DateOnly To)> QuickPeriods()
    {
        yield return ("year", new DateOnly(Today.Year, 1, 1), Today);
        yield return ("lastyear", new DateOnly(Today.Year - 1, 1, 1), new DateOnly(Today.Year - 1, 12, 31));
        yield return ("twelvemonths", Today.AddMonths(-12).AddDays(1), Today);
    }

    static string Wire(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public sealed record Option(string Code, string Name);

    public sealed record LateRow(string Reference, ComplaintStatus Status, LocalizedText Category,
        LocalizedText? Service, DateOnly ResponseDueOn)
    {
        public int DaysLate(DateOnly today) => today.DayNumber - ResponseDueOn.DayNumber;
    }

    // Text, so that whatever was typed comes back with its error.
    public sealed class FiltersInput
    {
        public string? Commune { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Category { get; set; }
        public string? Service { get; set; }
        public string? District { get; set; }
    }
}
