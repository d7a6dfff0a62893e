using System.ComponentModel;
using System.Text.Json.Serialization;
using Complaints.Web.Api;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
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
            var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
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
          .WithSummary("A commune's figures for the complaints filed from `from` to `to` (yyyy-MM-dd, both included; by default the current year).")
          .Produces<CommuneStats>().Refuses(400, 404);
        return staff;
    }

    public static IEndpointRouteBuilder MapPublicStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/public/stats", async (string? commune, string? from, string? to, HttpContext http,
            AppDbContext db, FiguresQuery figures, NationalComparison national, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (period, badPeriod) = Period.Parse(from, to, LegalDeadlines.Today(clock));
            if (period is null)
                return ApiProblems.Invalid(l, new Dictionary<string, string> { [badPeriod!] = $"stats.error.{badPeriod}" });
            // Aggregates only, the same for everyone: proxies and browsers may keep them a few minutes.
            http.Response.Headers.CacheControl = "public, max-age=300";
            if (string.IsNullOrWhiteSpace(commune))
                return TypedResults.Ok(StatsJson.National(await national.GetAsync(period, ct), Localization.Current));
            var found = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == commune.Trim(), ct);
            if (found is null)
                return TypedResults.Problem(l["stats.error.commune"], statusCode: StatusCodes.Status404NotFound, title: l["api.notfound.title"]);
            return TypedResults.Ok(StatsJson.Commune(await figures.CommuneAsync(found, period, StatsFilter.None, ct), Localization.Current));
        }).WithTags("Public").WithName("PublicStats").AllowAnonymous().RequireRateLimiting(RateLimits.PublicApi)
          .WithSummary("Figures without login, aggregated only: one commune's, or every commune's side by side when `commune` is left out.")
          .Produces<CommuneStats>().Refuses(400, 404, 429)
          .AddOpenApiOperationTransformer(async (operation, context, ct) =>
          {
              // Two shapes for one 200: without `commune`, every commune side by side.
              var content = operation.Responses!["200"].Content!["application/json"];
              content.Schema = new OpenApiSchema
              {
                  OneOf = [content.Schema!, await OpenApiMetadata.NamedSchemaAsync<NationalStats>(context, ct)],
              };
          });
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
// A line's own keys come first, its breakdowns last, the figures between.
public record StatsFigures
{
    public StatsFigures(Figures f)
    {
        Figures = f;
        Received = f.Received;
        Treated = f.Treated;
        DefinitiveResponse = f.DefinitiveResponse;
        Rejected = f.Rejected;
        Overdue = f.Overdue;
        MedianDaysToDefinitiveResponse = f.MedianDaysToDefinitiveResponse;
        AverageDaysToDefinitiveResponse = f.AverageDaysToDefinitiveResponse;
        WithinDeadlineRate = f.WithinDeadlineRate;
        TreatedRate = f.TreatedRate;
        Reopened = f.Reopened;
        Satisfied = f.Satisfied;
        Rated = f.Rated;
        SatisfiedRate = f.SatisfiedRate;
    }

    // The figures themselves go out flattened, one property each.
    [JsonIgnore]
    public Figures Figures { get; }

    public int Received { get; }
    public int Treated { get; }
    public int DefinitiveResponse { get; }
    public int Rejected { get; }
    public int Overdue { get; }
    public double? MedianDaysToDefinitiveResponse { get; }
    public double? AverageDaysToDefinitiveResponse { get; }
    public double? WithinDeadlineRate { get; }
    public double? TreatedRate { get; }
    public int Reopened { get; }
    public int Satisfied { get; }
    public int Rated { get; }
    public double? SatisfiedRate { get; }
}

public sealed record CommuneStats(
    [property: JsonPropertyOrder(-1)] string Commune,
    [property: JsonPropertyOrder(-1)] string Name,
    [property: JsonPropertyOrder(-1)] string From,
    [property: JsonPropertyOrder(-1)] string To,
    Figures Figures,
    [property: JsonPropertyOrder(1)] IReadOnlyList<CategoryStats> ByCategory,
    [property: JsonPropertyOrder(1)] IReadOnlyList<ServiceStats> ByService,
    [property: JsonPropertyOrder(1)] IReadOnlyList<DistrictStats> ByDistrict,
    [property: JsonPropertyOrder(1)] IReadOnlyList<ChannelStats> ByChannel,
    [property: JsonPropertyOrder(1)] IReadOnlyList<MonthStats> ByMonth,
    [property: JsonPropertyOrder(1)] IReadOnlyList<KindStats> ByKind,
    [property: JsonPropertyOrder(1)] IReadOnlyList<RejectionReasonStats> ByRejectionReason) : StatsFigures(Figures);

// Category, service and district lines carry the name in the reader's language; the line without a
// service or district yet has neither code nor name.
public sealed record CategoryStats([property: JsonPropertyOrder(-1)] string? Category, Figures Figures,
    [property: JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null) : StatsFigures(Figures);

public sealed record ServiceStats([property: JsonPropertyOrder(-1)] string? Service, Figures Figures,
    [property: JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null) : StatsFigures(Figures);

public sealed record DistrictStats([property: JsonPropertyOrder(-1)] string? District, Figures Figures,
    [property: JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null) : StatsFigures(Figures);

public sealed record ChannelStats([property: JsonPropertyOrder(-1)] string Channel, Figures Figures) : StatsFigures(Figures);

public sealed record MonthStats([property: JsonPropertyOrder(-1), Description("yyyy-MM")] string Month, Figures Figures) : StatsFigures(Figures);

public sealed record KindStats([property: JsonPropertyOrder(-1)] string Kind, Figures Figures) : StatsFigures(Figures);

public sealed record RejectionReasonStats([property: JsonPropertyOrder(-1)] string Reason, Figures Figures) : StatsFigures(Figures);

// AsOf: when the figures were computed; they are at most Figures:NationalMaxAgeMinutes old (NationalComparison).
public sealed record NationalStats(string From, string To, DateTimeOffset AsOf, StatsFigures Total, IReadOnlyList<CommuneStatsLine> Communes);

public sealed record CommuneStatsLine([property: JsonPropertyOrder(-1)] string Commune, [property: JsonPropertyOrder(-1)] string Name,
    Figures Figures) : StatsFigures(Figures);

public static class StatsJson
{
    public static CommuneStats Commune(CommuneFigures c, string language) => new(
        c.Commune.Code, c.Commune.Name.In(language), c.Period.Wire(c.Period.From), c.Period.Wire(c.Period.To), c.Total,
        [.. c.ByCategory.Select(l => new CategoryStats(l.Code, l.Figures, l.Name?.In(language)))],
        [.. c.ByService.Select(l => new ServiceStats(l.Code, l.Figures, l.Name?.In(language)))],
        [.. c.ByDistrict.Select(l => new DistrictStats(l.Code, l.Figures, l.Name?.In(language)))],
        [.. c.ByChannel.Select(l => new ChannelStats(l.Code!, l.Figures))],
        [.. c.ByMonth.Select(l => new MonthStats(l.Code!, l.Figures))],
        [.. c.ByKind.Select(l => new KindStats(l.Code!, l.Figures))],
        [.. c.ByRejectionReason.Select(l => new RejectionReasonStats(l.Code!, l.Figures))]);

    public static NationalStats National(NationalFigures n, string language) => new(
        n.Period.Wire(n.Period.From), n.Period.Wire(n.Period.To), n.AsOf, new StatsFigures(n.Total),
        [.. n.Communes.Select(c => new CommuneStatsLine(c.Code, c.Name.In(language), c.Figures))]);
}
