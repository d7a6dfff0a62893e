using System.Diagnostics;
using Complaints.Tools;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// The figures at national scale (issue 5): 1,500 communes, a million complaints over three years; one
// commune-year's dashboard under 100 ms and the national comparison under 500 ms on PostgreSQL. It times the
// code the dashboard and the public pages call (Statistics/FiguresQuery), and the public endpoint over HTTP.
// figures postgres N --existing "Host=...;Database=..." times a database filled before, without generating.
static class FiguresBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var complaints = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        var existing = args.Length > 3 && args[2] == "--existing" ? args[3] : null;
        await using var app = await BenchHost.StartAsync(provider, existing);
        var services = app.Services;

        var watch = Stopwatch.StartNew();
        if (existing is null)
        {
            Console.WriteLine($"Generating {complaints} complaints in 1500 communes on {provider}...");
            await VolumeGenerator.RunAsync(services, ["generate", "--communes", "1500", "--complaints", complaints.ToString(), "--years", "3"]);
        }
        var generation = watch.Elapsed;

        // What an operator does after a bulk load (autovacuum would get there on its own, later): fresh planner
        // statistics, and the visibility map that lets PostgreSQL answer from an index without visiting the table.
        watch.Restart();
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM (ANALYZE)" : "ANALYZE");
        }
        Console.WriteLine($"Generation {generation.TotalSeconds:F0} s; {(provider == "postgres" ? "VACUUM (ANALYZE)" : "ANALYZE")} {watch.Elapsed.TotalSeconds:F0} s.");

        var today = LegalDeadlines.Today(services.GetRequiredService<TimeProvider>());
        var lastYear = Period.Year(today.Year - 1);
        var thisYear = new Period(new DateOnly(today.Year, 1, 1), today);
        var threeYears = new Period(today.AddYears(-3), today);
        Commune biggest, typical;
        int biggestService;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Communes ranked by their complaints of last year: the biggest, and the one in the middle.
            var ranked = await db.Complaints.Where(c => c.FiledAt >= lastYear.StartUtc && c.FiledAt < lastYear.EndUtc)
                .GroupBy(c => c.CommuneId).Select(g => new { Id = g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).ThenBy(g => g.Id).ToListAsync();
            biggest = await db.Communes.AsNoTracking().SingleAsync(c => c.Id == ranked[0].Id);
            typical = await db.Communes.AsNoTracking().SingleAsync(c => c.Id == ranked[ranked.Count / 2].Id);
            biggestService = await db.Services.Where(s => s.CommuneId == biggest.Id && s.Code == "proprete").Select(s => s.Id).SingleAsync();
            Console.WriteLine($"Biggest commune {biggest.Code}: {ranked[0].Count} complaints in {today.Year - 1}; typical {typical.Code}: {ranked[ranked.Count / 2].Count}.");
        }

        BenchHost.Header();
        var communeScenarios = new (string Name, Commune Commune, Period Period, StatsFilter Filter)[]
        {
            ($"commune dashboard, typical commune, {today.Year - 1}", typical, lastYear, StatsFilter.None),
            ($"commune dashboard, biggest commune, {today.Year - 1}", biggest, lastYear, StatsFilter.None),
            ($"commune dashboard, biggest commune, {today.Year} to date", biggest, thisYear, StatsFilter.None),
            ($"commune dashboard, biggest commune, one service, {today.Year - 1}", biggest, lastYear, new StatsFilter(ServiceId: biggestService)),
        };
        foreach (var (name, commune, period, filter) in communeScenarios)
            await BenchHost.TimeAsync(name, async () =>
            {
                using var scope = services.CreateScope();
                var figures = await scope.ServiceProvider.GetRequiredService<FiguresQuery>().CommuneAsync(commune, period, filter, CancellationToken.None);
                return figures.Total.Received;
            });

        var nationalScenarios = new (string Name, Period Period)[]
        {
            ($"national comparison, {today.Year - 1}", lastYear),
            ($"national comparison, {today.Year} to date", thisYear),
            ("national comparison, three years", threeYears),
        };
        foreach (var (name, period) in nationalScenarios)
            await BenchHost.TimeAsync(name, async () =>
            {
                using var scope = services.CreateScope();
                var figures = await scope.ServiceProvider.GetRequiredService<FiguresQuery>().NationalAsync(period, CancellationToken.None);
                return figures.Total.Received;
            });

        // What the public pages serve (ADR 17): the comparison kept per period, computed again in the background once
        // half its stated age has passed; here, after the warm-ups, every run is served kept.
        await BenchHost.TimeAsync("national comparison, three years, kept (NationalComparison)", async () =>
            (await services.GetRequiredService<NationalComparison>().GetAsync(threeYears, CancellationToken.None)).Total.Received);

        // The pages and the public endpoint as a request reaches them: routing, the queries, the HTML or JSON. The
        // staff dashboard adds its late list to the figures; it is read by the complaints cell of the biggest commune.
        var visitor = app.CreateClient();
        var cell = await BenchHost.StaffBrowserAsync(app, Roles.ComplaintsCell, biggest.Id);
        var lastYearQuery = $"from={today.Year - 1}-01-01&to={today.Year - 1}-12-31";
        foreach (var (name, client, url) in new[]
        {
            ($"GET /staff/dashboard (biggest commune's cell, {today.Year - 1})", cell, $"/staff/dashboard?{lastYearQuery}"),
            ($"GET /figures/{{commune}} (biggest, {today.Year - 1})", visitor, $"/figures/{biggest.Code}?{lastYearQuery}"),
            ($"GET /figures (national, {today.Year - 1})", visitor, $"/figures?{lastYearQuery}"),
            ($"GET /api/v1/public/stats (national, {today.Year} to date)", visitor, "/api/v1/public/stats"),
            ($"GET /api/v1/public/stats?commune= (biggest, {today.Year} to date)", visitor, $"/api/v1/public/stats?commune={biggest.Code}"),
            ("GET /figures (national, three years, kept)", visitor, $"/figures?from={threeYears.Wire(threeYears.From)}&to={threeYears.Wire(threeYears.To)}"),
            ("GET /api/v1/public/stats (national, three years, kept)", visitor, $"/api/v1/public/stats?from={threeYears.Wire(threeYears.From)}&to={threeYears.Wire(threeYears.To)}"),
        })
            await BenchHost.TimeAsync(name, async () =>
            {
                using var response = await client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadAsByteArrayAsync()).Length;
            });
        Console.WriteLine();
        Console.WriteLine("(rows: complaints counted; for a page or the endpoint, bytes sent.)");
        return 0;
    }
}
