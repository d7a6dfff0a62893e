using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

// GET /api/v1/complaints: filters, search, overdue, paging and sorting, within the caller's scope.
public abstract class StaffListApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    HttpClient cell = null!;
    // A: lighting, received. B: roads, assigned. C: cleanliness, rejected. D: lighting, in progress.
    string a = "", b = "", c = "", d = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        cell = await CellAsync();
        a = (await IntakeAsync(cell)).Reference;
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        b = await AssignedAsync(cell, category: "voirie", description: "Un NID-DE-POULE énorme devant l'école primaire.",
            complainant: new { firstName = "Salma", lastName = "Idrissi", email = "salma.idrissi@example.test", phone = "0698765432" });
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        c = (await IntakeAsync(cell, category: "proprete", description: "Ordures non ramassées depuis trois jours.",
            complainant: new { firstName = "Youssef" })).Reference;
        await OkAsync(await MoveAsync(cell, c, "qualify", new { admissible = false, reason = "unclear" }));
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        d = await AssignedAsync(cell, description: "Trois lampadaires éteints avenue Hassan II.");
        await OkAsync(await MoveAsync(cell, d, "start", null));
        // Another commune's complaint, which no filter of Sefrou's cell may reveal.
        await IntakeAsync(await CellAsync("kenitra"), commune: "kenitra", description: "Nid-de-poule à Kénitra, rue Idrissi.");
    }

    async Task<string[]> FoundAsync(string query, HttpClient? client = null) =>
        References(await ListAsync(client ?? cell, query)).Order().ToArray();

    [Fact]
    public async Task The_list_answers_items_and_total_of_the_callers_commune_only()
    {
        var list = await ListAsync(cell);
        Assert.Equal(4, list.GetProperty("total").GetInt32());
        Assert.Equal(new[] { a, b, c, d }.Order(), References(list).Order());
        var row = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("reference").GetString() == b);
        Assert.Equal("sefrou", row.GetProperty("commune").GetString());
        Assert.Equal("assigned", row.GetProperty("status").GetString());
        Assert.Equal("voirie", row.GetProperty("category").GetString());
        Assert.Equal("voirie", row.GetProperty("service").GetString());
        Assert.Equal("counter", row.GetProperty("channel").GetString());
        Assert.Equal("2026-05-09", row.GetProperty("deadline").GetString());
        Assert.DoesNotContain("Idrissi", list.GetRawText());
        Assert.Equal(new[] { a, b, c, d }.Order(), await FoundAsync("?commune=sefrou"));
    }

    [Fact]
    public async Task Status_takes_one_or_several_statuses()
    {
        Assert.Equal([c], await FoundAsync("?status=rejected"));
        Assert.Equal(new[] { a, b }.Order(), await FoundAsync("?status=received,assigned"));
        Assert.Equal(new[] { b, d }.Order(), await FoundAsync("?status=assigned, in_progress"));
        Assert.Empty(await FoundAsync("?status=closed"));
    }

    [Theory]
    [InlineData("?status=lost")]
    [InlineData("?status=received,lost")]
    public async Task An_unknown_status_is_400_naming_status(string query) =>
        await InvalidAsync(await cell.GetAsync($"/api/v1/complaints{query}"), "status");

    [Fact]
    public async Task Category_and_service_filter()
    {
        Assert.Equal(new[] { a, d }.Order(), await FoundAsync("?category=eclairage-public"));
        Assert.Equal([b], await FoundAsync("?category=voirie"));
        Assert.Equal([d], await FoundAsync("?service=eclairage"));
        Assert.Equal([d], await FoundAsync("?service=eclairage&category=eclairage-public"));
        Assert.Empty(await FoundAsync("?service=urbanisme"));
    }

    [Theory]
    [InlineData("SEF-2026-000002")]
    [InlineData("sef-2026-000002")]
    [InlineData("nid-de-poule")]
    [InlineData("idrissi")]
    [InlineData("Salma")]
    [InlineData("salma.idrissi@example")]
    [InlineData("0698765432")]
    public async Task Q_finds_by_reference_description_and_the_complainants_name_email_or_phone(string q) =>
        Assert.Equal([b], await FoundAsync($"?q={Uri.EscapeDataString(q)}"));

    [Fact]
    public async Task An_observers_q_never_matches_personal_data()
    {
        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer));
        Assert.Empty(await FoundAsync("?q=Idrissi", observer));
        Assert.Empty(await FoundAsync("?q=salma.idrissi%40example.test", observer));
        Assert.Empty(await FoundAsync("?q=0698765432", observer));
        Assert.Equal([b], await FoundAsync("?q=nid-de-poule", observer));
        Assert.Equal([b], await FoundAsync("?q=SEF-2026-000002", observer));
    }

    [Fact]
    public async Task Q_treats_wildcards_as_plain_text()
    {
        Assert.Empty(await FoundAsync("?q=%25"));
        Assert.Empty(await FoundAsync("?q=_"));
    }

    [Fact]
    public async Task Overdue_lists_open_complaints_past_their_60_day_deadline()
    {
        Assert.Empty(await FoundAsync("?overdue=true"));
        App.Clock.Advance(TimeSpan.FromDays(61));
        cell = await CellAsync();
        Assert.Equal(new[] { a, b, d }.Order(), await FoundAsync("?overdue=true"));
        Assert.Equal([c], await FoundAsync("?overdue=false"));
        var list = await ListAsync(cell, "?overdue=true");
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
        Assert.True((await GetComplaintAsync(cell, a)).GetProperty("overdue").GetBoolean());
        Assert.False((await GetComplaintAsync(cell, c)).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Paging_keeps_the_total_and_walks_every_complaint_once()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 2; page++)
        {
            var list = await ListAsync(cell, $"?pageSize=3&page={page}&sort=filed");
            Assert.Equal(4, list.GetProperty("total").GetInt32());
            Assert.Equal(page, list.GetProperty("page").GetInt32());
            seen.AddRange(References(list));
        }
        Assert.Equal([a, b, c, d], seen);
        Assert.Empty(References(await ListAsync(cell, "?pageSize=3&page=3")));
        Assert.Equal(4, (await ListAsync(cell, "?pageSize=3&page=3")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await ListAsync(cell, "?status=received,rejected&pageSize=1")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=lots", "pageSize")]
    [InlineData("?overdue=maybe", "overdue")]
    [InlineData("?sort=colour", "sort")]
    public async Task A_bad_paging_sort_or_flag_is_400_naming_it(string query, string field) =>
        await InvalidAsync(await cell.GetAsync($"/api/v1/complaints{query}"), field);

    [Fact]
    public async Task Sort_orders_by_filing_date_either_way_by_reference_and_by_deadline()
    {
        Assert.Equal([a, b, c, d], References(await ListAsync(cell, "?sort=filed")));
        Assert.Equal([d, c, b, a], References(await ListAsync(cell, "?sort=-filed")));
        Assert.Equal([a, b, c, d], References(await ListAsync(cell, "?sort=reference")));
        // Same deadline for all four: the default order is the deadline, then the order of filing.
        Assert.Equal([a, b, c, d], References(await ListAsync(cell)));
        Assert.Equal([d, c, b, a], References(await ListAsync(cell, "?sort=-deadline")));
    }

    public sealed class OnSqlite() : StaffListApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffListApiTests(DatabaseKind.Postgres);
}
