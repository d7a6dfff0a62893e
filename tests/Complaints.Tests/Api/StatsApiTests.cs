using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

// GET /api/v1/communes/{code}/stats and GET /api/v1/public/stats (docs/staff-api.md) on the hand-built set of FiguresScene.
public abstract class StatsApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    FiguresScene scene = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        scene = await App.BuildFiguresSceneAsync();
    }

    static readonly string[] ContractKeys =
    [
        "received", "treated", "definitiveResponse", "rejected", "overdue", "medianDaysToDefinitiveResponse", "withinDeadlineRate",
        "byCategory", "byService", "byDistrict", "byChannel", "byMonth",
    ];

    static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    static (int, int, int, int, int) Headline(JsonElement e) =>
        (Int(e, "received"), Int(e, "treated"), Int(e, "definitiveResponse"), Int(e, "rejected"), Int(e, "overdue"));

    [Fact]
    public async Task The_cell_reads_its_communes_figures_for_the_year_with_every_key_of_the_contract()
    {
        var stats = await OkAsync(await (await CellAsync()).GetAsync("/api/v1/communes/sefrou/stats?from=2026-01-01&to=2026-12-31"));
        Assert.All(ContractKeys, key => Assert.True(stats.TryGetProperty(key, out _), key));
        Assert.Equal((7, 6, 4, 1, 3), Headline(stats));
        Assert.Equal(7, stats.GetProperty("medianDaysToDefinitiveResponse").GetDouble());
        Assert.Equal(0.75, stats.GetProperty("withinDeadlineRate").GetDouble());
        Assert.Equal(1, Int(stats, "reopened"));
        Assert.Equal(3, Int(stats.GetProperty("byCategory").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "voirie"), "received"));
        Assert.Equal(12, stats.GetProperty("byMonth").GetArrayLength());
        Assert.Equal(6, Int(stats.GetProperty("byMonth").EnumerateArray().Single(m => m.GetProperty("month").GetString() == "2026-03"), "received"));
    }

    [Fact]
    public async Task Without_dates_the_period_is_the_current_year_to_date()
    {
        var stats = await OkAsync(await (await CellAsync()).GetAsync("/api/v1/communes/sefrou/stats"));
        Assert.Equal(("2026-01-01", "2026-06-15"), (stats.GetProperty("from").GetString(), stats.GetProperty("to").GetString()));
        Assert.Equal((7, 6, 4, 1, 3), Headline(stats));
    }

    [Fact]
    public async Task A_period_and_a_category_narrow_the_figures()
    {
        var cell = await CellAsync();
        Assert.Equal((6, 5, 3, 1, 3), Headline(await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=2026-03-01&to=2026-03-31"))));
        Assert.Equal((2, 1, 1, 0, 1), Headline(await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=2026-01-01&category=eclairage-public"))));
    }

    [Fact]
    public async Task A_service_agent_reads_only_their_services_figures_whatever_the_query_asks()
    {
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie"));
        Assert.Equal((3, 3, 2, 0, 1), Headline(await OkAsync(await agent.GetAsync("/api/v1/communes/sefrou/stats?service=proprete"))));
    }

    [Fact]
    public async Task An_observer_reads_the_figures_but_another_communes_staff_get_404()
    {
        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer, "sefrou"));
        Assert.Equal(7, Int(await OkAsync(await observer.GetAsync("/api/v1/communes/sefrou/stats")), "received"));
        await ProblemAsync(await (await CellAsync("kenitra")).GetAsync("/api/v1/communes/sefrou/stats"), HttpStatusCode.NotFound);
        Assert.Equal(1, Int(await OkAsync(await (await CellAsync("kenitra")).GetAsync("/api/v1/communes/kenitra/stats")), "received"));
    }

    [Fact]
    public async Task Bad_dates_and_unknown_filters_are_refused_naming_the_field_in_the_callers_language()
    {
        var cell = await CellAsync(language: "ar");
        var problem = await InvalidAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=15/03/2026"), "from");
        Assert.Contains("تاريخ", problem.GetProperty("errors").GetProperty("from")[0].GetString());
        await InvalidAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=2026-04-01&to=2026-03-01"), "to");
        await InvalidAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?district=d9"), "district");
        await InvalidAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?category=voirie-de-kenitra"), "category");
    }

    [Fact]
    public async Task Anyone_reads_every_commune_side_by_side_without_signing_in()
    {
        var response = await App.CreateClient().GetAsync("/api/v1/public/stats?from=2026-01-01&to=2026-12-31");
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var stats = await OkAsync(response);
        var communes = stats.GetProperty("communes").EnumerateArray().ToDictionary(c => c.GetProperty("commune").GetString()!);
        Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], communes.Keys.Order());
        Assert.Equal((7, 6, 4, 1, 3), Headline(communes["sefrou"]));
        Assert.Equal(0.8571, communes["sefrou"].GetProperty("treatedRate").GetDouble());
        Assert.Equal(21.3, communes["sefrou"].GetProperty("averageDaysToDefinitiveResponse").GetDouble());
        Assert.Equal(0.5, communes["sefrou"].GetProperty("satisfiedRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, communes["el-jadida"].GetProperty("treatedRate").ValueKind);
        Assert.Equal(8, Int(stats.GetProperty("total"), "received"));
    }

    [Fact]
    public async Task The_comparison_says_when_it_was_computed_and_counts_a_later_filing_once_it_is_that_old()
    {
        const string url = "/api/v1/public/stats?from=2026-01-01&to=2026-12-31";
        var client = App.CreateClient();
        var computed = App.Clock.GetUtcNow();
        var first = await OkAsync(await client.GetAsync(url));
        Assert.Equal(computed, first.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(8, Int(first.GetProperty("total"), "received"));

        await App.FileAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        var kept = await OkAsync(await client.GetAsync(url));
        Assert.Equal(computed, kept.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(8, Int(kept.GetProperty("total"), "received"));

        // Ten minutes, the age the public page states: the filing is counted.
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        var fresh = await OkAsync(await client.GetAsync(url));
        Assert.Equal(App.Clock.GetUtcNow(), fresh.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(9, Int(fresh.GetProperty("total"), "received"));
        Assert.Equal(8, Int(fresh.GetProperty("communes").EnumerateArray().Single(c => c.GetProperty("commune").GetString() == "sefrou"), "received"));
    }

    [Fact]
    public async Task Past_half_its_age_the_kept_comparison_is_served_at_once_while_a_new_one_is_computed_for_the_next_visitor()
    {
        const string url = "/api/v1/public/stats?from=2026-01-01&to=2026-12-31";
        var client = App.CreateClient();
        var computed = App.Clock.GetUtcNow();
        Assert.Equal(8, Int((await OkAsync(await client.GetAsync(url))).GetProperty("total"), "received"));

        await App.FileAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        var refreshedAt = App.Clock.GetUtcNow();
        var kept = await OkAsync(await client.GetAsync(url));
        Assert.Equal(computed, kept.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(8, Int(kept.GetProperty("total"), "received"));

        // The computation that visit started runs apart; the next visitors get it once it is done, without the clock
        // moving. The limit only ends a test that would hang.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        JsonElement next;
        while ((next = await OkAsync(await client.GetAsync(url, limit.Token))).GetProperty("asOf").GetDateTimeOffset() == computed)
            await Task.Delay(20, limit.Token);
        Assert.Equal(refreshedAt, next.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(9, Int(next.GetProperty("total"), "received"));
    }

    [Fact]
    public async Task A_communes_own_figures_count_a_filing_at_once_while_the_comparison_is_kept()
    {
        var cell = await CellAsync();
        Assert.Equal(8, Int((await OkAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?from=2026-01-01"))).GetProperty("total"), "received"));

        await App.FileAsync();
        Assert.Equal(8, Int((await OkAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?from=2026-01-01"))).GetProperty("total"), "received"));
        Assert.Equal(8, Int(await OkAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?commune=sefrou&from=2026-01-01")), "received"));
        Assert.Equal(8, Int(await OkAsync(await cell.GetAsync("/api/v1/communes/sefrou/stats?from=2026-01-01")), "received"));
    }

    [Fact]
    public async Task Anyone_reads_one_communes_figures_with_its_breakdowns()
    {
        var stats = await OkAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?commune=sefrou&from=2026-03-01&to=2026-03-31"));
        Assert.Equal((6, 5, 3, 1, 3), Headline(stats));
        Assert.All(ContractKeys, key => Assert.True(stats.TryGetProperty(key, out _), key));
        await ProblemAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?commune=atlantis"), HttpStatusCode.NotFound);
        await InvalidAsync(await App.CreateClient().GetAsync("/api/v1/public/stats?to=2026-13-01"), "to");
    }

    [Fact]
    public async Task The_public_figures_carry_no_reference_no_text_and_no_person()
    {
        var client = App.CreateClient();
        var bodies = new[]
        {
            await client.GetStringAsync("/api/v1/public/stats?from=2026-01-01"),
            await client.GetStringAsync("/api/v1/public/stats?commune=sefrou&from=2026-01-01"),
        };
        Assert.All(bodies, body =>
        {
            Assert.Contains("\"received\":7", body);
            foreach (var secret in new[] { scene.A, scene.B, scene.E, scene.Kenitra, "Amina", "Benali", "amina@example.test", "0612345678", "nid-de-poule", "Les travaux" })
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        });
    }

    public sealed class OnSqlite() : StatsApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StatsApiTests(DatabaseKind.Postgres);
}
