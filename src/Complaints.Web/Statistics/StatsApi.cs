using Complaints.Web.Api;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Statistics;

// docs/staff-api.md: a commune's figures for its staff, and the same figures for everyone, aggregated only.
public static class StatsApi
{
    public static RouteGroupBuilder MapStaffStats(this RouteGroupBuilder staff)
    {
        staff.MapGet("/communes/{code}/stats", async (string code, string? from, string? to, string? category, string? service, string? district,
            HttpContext http, AppDbContext db, FiguresQuery figures, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var scope = StaffScope.From(http.User)!;
            var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
            if (commune is null || !scope.SeesCommune(commune.Id))
                return ApiProblems.NotFound(l);
            var (period, badPeriod) = Period.Parse(from, to, LegalDeadlines.Today(clock));
            if (period is null)
                return ApiProblems.Invalid(l, new Dictionary<string, string> { [badPeriod!] = $"stats.error.{badPeriod}" });
            var (filter, badFilter) = await StatsFilters.ResolveAsync(db, commune.Id, category, service, district, ct);
            if (filter is null)
                return ApiProblems.Invalid(l, new Dictionary<string, string> { [badFilter!] = $"stats.error.{badFilter}" });
            // A service agent reads the figures of their own service only.
            if (scope.IsServiceAgent)
                filter = filter with { ServiceId = scope.ServiceId };
            return TypedResults.Ok(StatsJson.Commune(await figures.CommuneAsync(commune, period, filter, ct), Localization.Current));
        }).WithTags("Statistics").WithName("CommuneStats")
          .WithSummary("A commune's figures for the complaints filed from `from` to `to` (yyyy-MM-dd, both included; by default the current year).");
        return staff;
    }

    public static IEndpointRouteBuilder MapPublicStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/public/stats", async (string? commune, string? from, string? to, HttpContext http,
            AppDbContext db, FiguresQuery figures, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (period, badPeriod) = Period.Parse(from, to, LegalDeadlines.Today(clock));
            if (period is null)
                return ApiProblems.Invalid(l, new Dictionary<string, string> { [badPeriod!] = $"stats.error.{badPeriod}" });
            // Aggregates only, the same for everyone: proxies and browsers may keep them a few minutes.
            http.Response.Headers.CacheControl = "public, max-age=300";
            if (string.IsNullOrWhiteSpace(commune))
                return TypedResults.Ok(StatsJson.National(await figures.NationalAsync(period, ct), Localization.Current));
            var found = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == commune.Trim(), ct);
            if (found is null)
                return TypedResults.Problem(l["stats.error.commune"], statusCode: StatusCodes.Status404NotFound, title: l["api.notfound.title"]);
            return TypedResults.Ok(StatsJson.Commune(await figures.CommuneAsync(found, period, StatsFilter.None, ct), Localization.Current));
        }).WithTags("Public").WithName("PublicStats").AllowAnonymous()
          .WithSummary("Figures without login, aggregated only: one commune's, or every commune's side by side when `commune` is left out.");
        return app;
    }
}

// Filters named by code, as the pages and the API take them.
public static class StatsFilters
{
    public static async Task<(StatsFilter? Filter, string? BadField)> ResolveAsync(AppDbContext db, int communeId,
        string? category, string? service, string? district, CancellationToken ct)
    {
        int? categoryId = null, serviceId = null, districtId = null;
        if (!string.IsNullOrWhiteSpace(category)
            && (categoryId = await db.Categories.Where(c => c.CommuneId == communeId && c.Code == category.Trim()).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct)) is null)
            return (null, "category");
        if (!string.IsNullOrWhiteSpace(service)
            && (serviceId = await db.Services.Where(s => s.CommuneId == communeId && s.Code == service.Trim()).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct)) is null)
            return (null, "service");
        if (!string.IsNullOrWhiteSpace(district)
            && (districtId = await db.Districts.Where(d => d.CommuneId == communeId && d.Code == district.Trim()).Select(d => (int?)d.Id).SingleOrDefaultAsync(ct)) is null)
            return (null, "district");
        return (new StatsFilter(categoryId, serviceId, districtId), null);
    }
}

// The wire shape of the figures (docs/staff-api.md), with the rates and counts the public comparison adds.
public static class StatsJson
{
    public static Dictionary<string, object?> Figures(Figures f) => new()
    {
        ["received"] = f.Received,
        ["treated"] = f.Treated,
        ["definitiveResponse"] = f.DefinitiveResponse,
        ["rejected"] = f.Rejected,
        ["overdue"] = f.Overdue,
        ["medianDaysToDefinitiveResponse"] = f.MedianDaysToDefinitiveResponse,
        ["averageDaysToDefinitiveResponse"] = f.AverageDaysToDefinitiveResponse,
        ["withinDeadlineRate"] = f.WithinDeadlineRate,
        ["treatedRate"] = f.TreatedRate,
        ["reopened"] = f.Reopened,
        ["satisfied"] = f.Satisfied,
        ["rated"] = f.Rated,
        ["satisfiedRate"] = f.SatisfiedRate,
    };

    public static Dictionary<string, object?> Commune(CommuneFigures c, string language)
    {
        var json = new Dictionary<string, object?>
        {
            ["commune"] = c.Commune.Code,
            ["name"] = c.Commune.Name.In(language),
            ["from"] = c.Period.Wire(c.Period.From),
            ["to"] = c.Period.Wire(c.Period.To),
        };
        foreach (var (key, value) in Figures(c.Total))
            json[key] = value;
        json["byCategory"] = Lines(c.ByCategory, "category", language);
        json["byService"] = Lines(c.ByService, "service", language);
        json["byDistrict"] = Lines(c.ByDistrict, "district", language);
        json["byChannel"] = Lines(c.ByChannel, "channel", language);
        json["byMonth"] = Lines(c.ByMonth, "month", language);
        json["byKind"] = Lines(c.ByKind, "kind", language);
        json["byRejectionReason"] = Lines(c.ByRejectionReason, "reason", language);
        return json;
    }

    static List<Dictionary<string, object?>> Lines(IReadOnlyList<Breakdown> lines, string key, string language) =>
        [.. lines.Select(line =>
        {
            var json = new Dictionary<string, object?> { [key] = line.Code };
            if (line.Name is { } name)
                json["name"] = name.In(language);
            foreach (var (k, v) in Figures(line.Figures))
                json[k] = v;
            return json;
        })];

    public static Dictionary<string, object?> National(NationalFigures n, string language) => new()
    {
        ["from"] = n.Period.Wire(n.Period.From),
        ["to"] = n.Period.Wire(n.Period.To),
        ["total"] = Figures(n.Total),
        ["communes"] = n.Communes.Select(c =>
        {
            var json = new Dictionary<string, object?> { ["commune"] = c.Code, ["name"] = c.Name.In(language) };
            foreach (var (k, v) in Figures(c.Figures))
                json[k] = v;
            return json;
        }).ToList(),
    };
}
