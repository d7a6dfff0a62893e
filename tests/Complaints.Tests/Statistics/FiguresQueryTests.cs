using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Statistics;

// The figures on the hand-built set of Infrastructure/FiguresScene, where every number is known.
public abstract class FiguresQueryTests(DatabaseKind kind) : AppTest(kind)
{
    FiguresScene scene = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        scene = await App.BuildFiguresSceneAsync();
    }

    Task<CommuneFigures> CommuneAsync(string code, Period period, StatsFilter? filter = null) => WithQueryAsync(async (db, q) =>
        await q.CommuneAsync(await db.Communes.SingleAsync(c => c.Code == code), period, filter ?? StatsFilter.None, CancellationToken.None));

    async Task<T> WithQueryAsync<T>(Func<AppDbContext, FiguresQuery, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<FiguresQuery>());
    }

    static readonly Period March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
    static readonly Period Year = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 15));

    [Fact]
    public async Task March_counts_what_was_filed_in_March_in_Moroccan_time_as_it_stands_now()
    {
        var figures = (await CommuneAsync("sefrou", March)).Total;
        // F was filed at 23:30 in Morocco on 31 March (22:30 UTC): March. E at 00:30 on 1 April: not March.
        Assert.Equal(new Figures(Received: 6, Treated: 5, DefinitiveResponse: 3, Rejected: 1, Overdue: 3,
            MedianDaysToDefinitiveResponse: 4, AverageDaysToDefinitiveResponse: 5, WithinDeadlineRate: 1,
            Reopened: 1, Satisfied: 1, Rated: 1), figures);
    }

    [Fact]
    public async Task The_year_adds_the_late_April_answer_and_keeps_received_over_treated_over_definitive()
    {
        var figures = (await CommuneAsync("sefrou", Year)).Total;
        Assert.Equal(new Figures(7, 6, 4, 1, 3, 7, 21.3, 0.75, 1, 1, 2), figures);
        Assert.Equal(0.8571, figures.TreatedRate);
        Assert.Equal(0.5, figures.SatisfiedRate);
    }

    [Fact]
    public async Task A_rejection_that_was_reopened_is_treated_but_neither_rejected_nor_definitive_and_counts_as_reopened()
    {
        var proprete = (await CommuneAsync("sefrou", Year)).ByCategory.Single(b => b.Code == "proprete").Figures;
        Assert.Equal((1, 1, 0, 0, 1, 1), (proprete.Received, proprete.Treated, proprete.DefinitiveResponse, proprete.Rejected, proprete.Overdue, proprete.Reopened));
        Assert.Null(proprete.MedianDaysToDefinitiveResponse);
    }

    [Fact]
    public async Task Breakdowns_list_every_category_service_district_channel_and_month_with_their_counts()
    {
        var figures = await CommuneAsync("sefrou", Year);
        Assert.Equal(new Dictionary<string, int>
            {
                ["eclairage-public"] = 2, ["voirie"] = 3, ["proprete"] = 1, ["espaces-verts"] = 0, ["urbanisme"] = 0, ["etat-civil"] = 0, ["autre"] = 1,
            },
            figures.ByCategory.ToDictionary(b => b.Code!, b => b.Figures.Received));
        Assert.Equal(7, figures.ByCategory.Sum(b => b.Figures.Received));
        Assert.Equal(new Dictionary<string, int> { ["voirie"] = 3, ["eclairage"] = 1, ["none"] = 3 },
            figures.ByService.Where(b => b.Figures.Received > 0).ToDictionary(b => b.Code ?? "none", b => b.Figures.Received));
        Assert.Equal(new Dictionary<string, int> { ["d1"] = 3, ["d2"] = 2, ["d3"] = 1, ["d4"] = 0, ["none"] = 1 },
            figures.ByDistrict.ToDictionary(b => b.Code ?? "none", b => b.Figures.Received));
        Assert.Equal(new Dictionary<string, int> { ["web"] = 4, ["counter"] = 1, ["phone"] = 1, ["letter"] = 1, ["api"] = 0 },
            figures.ByChannel.ToDictionary(b => b.Code!, b => b.Figures.Received));
        Assert.Equal([("2026-01", 0), ("2026-02", 0), ("2026-03", 6), ("2026-04", 1), ("2026-05", 0), ("2026-06", 0)],
            figures.ByMonth.Select(b => (b.Code!, b.Figures.Received)).ToArray());
        Assert.Equal(70, figures.ByMonth.Single(b => b.Code == "2026-04").Figures.MedianDaysToDefinitiveResponse);
        // The reopened rejection no longer stands: only G's reason is counted.
        Assert.Equal(new Dictionary<string, int> { ["not_in_required_form"] = 0, ["before_court_or_judged"] = 0, ["outside_remit"] = 0, ["insulting_or_abusive"] = 0, ["unclear"] = 1 },
            figures.ByRejectionReason.ToDictionary(b => b.Code!, b => b.Figures.Received));
        Assert.Equal(7, figures.ByKind.Sum(b => b.Figures.Received));
    }

    [Fact]
    public async Task A_filter_narrows_every_figure_to_one_service()
    {
        var voirie = await App.WithDbAsync(db => db.Services.SingleAsync(s => s.Code == "voirie" && s.Commune!.Code == "sefrou"));
        var figures = (await CommuneAsync("sefrou", Year, new StatsFilter(ServiceId: voirie.Id))).Total;
        // A (10 days, in time), D (late, open), E (70 days, late answer).
        Assert.Equal(new Figures(3, 3, 2, 0, 1, 40, 40, 0.5, 0, 1, 2), figures);
    }

    [Fact]
    public async Task A_commune_with_nothing_has_zeros_and_no_median()
    {
        var figures = await CommuneAsync("el-jadida", Year);
        Assert.Equal(Figures.None, figures.Total);
        Assert.Null(figures.Total.TreatedRate);
        Assert.All(figures.ByMonth, m => Assert.Equal(0, m.Figures.Received));
    }

    [Fact]
    public async Task The_national_comparison_gives_each_commune_the_same_figures_as_its_own_page()
    {
        var national = await WithQueryAsync((_, q) => q.NationalAsync(Year, CancellationToken.None));
        var sefrou = await CommuneAsync("sefrou", Year);
        Assert.Equal(sefrou.Total, national.Communes.Single(c => c.Code == "sefrou").Figures);
        Assert.Equal(1, national.Communes.Single(c => c.Code == "kenitra").Figures.Received);
        Assert.Equal(Figures.None, national.Communes.Single(c => c.Code == "el-jadida").Figures);
        Assert.Equal(8, national.Total.Received);
        Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], national.Communes.Select(c => c.Code).Order().ToArray());
    }

    [Fact]
    public async Task The_national_comparison_of_March_leaves_out_what_was_filed_on_the_first_of_April_in_Morocco()
    {
        var national = await WithQueryAsync((_, q) => q.NationalAsync(March, CancellationToken.None));
        Assert.Equal((await CommuneAsync("sefrou", March)).Total, national.Communes.Single(c => c.Code == "sefrou").Figures);
    }

    public sealed class OnSqlite() : FiguresQueryTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : FiguresQueryTests(DatabaseKind.Postgres);
}
