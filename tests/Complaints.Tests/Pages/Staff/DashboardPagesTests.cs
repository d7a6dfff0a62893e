using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Pages.Staff;

// The staff dashboard on the hand-built set of Infrastructure/FiguresScene, where every number is known.
public abstract class DashboardPagesTests(DatabaseKind kind) : AppTest(kind)
{
    FiguresScene scene = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        scene = await App.BuildFiguresSceneAsync();
    }

    static string? Figure(IDocument page, string name) => page.QuerySelector($"dd[data-figure={name}]")?.TextContent.Trim();

    static (string?, string?, string?) Headline(IDocument page) => (Figure(page, "received"), Figure(page, "treated"), Figure(page, "definitive"));

    static List<string> LateReferences(IDocument page) =>
        [.. page.QuerySelectorAll("table.late-complaints tbody a.reference").Select(a => a.TextContent.Trim())];

    // A breakdown table as it reads: row header → received, treated, definitive response, late.
    static Dictionary<string, string[]> Table(IDocument page, string id) =>
        page.QuerySelectorAll($"table#{id} tbody tr").ToDictionary(
            row => row.QuerySelector("th")!.TextContent.Trim(),
            row => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray());

    async Task<HttpClient> CellAsync(string commune = "sefrou", string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, commune), language);

    [Fact]
    public async Task The_cell_sees_the_year_to_date_of_its_commune_with_the_three_headline_figures_first()
    {
        var page = await (await CellAsync()).GetPageAsync("/staff/dashboard");

        Assert.Contains("Sefrou", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("du 01/01/2026 au 15/06/2026", page.QuerySelector(".scope")!.TextContent);
        Assert.Equal(("7", "6", "4"), Headline(page));
        // The headline comes before every other figure, and says what share of the received each one is.
        Assert.Equal(["Reçues", "Traitées", "Réponse définitive"], page.QuerySelectorAll(".figures-big dt").Select(d => d.TextContent.Trim()));
        Assert.Equal(["86 % des reçues", "57 % des reçues"],
            page.QuerySelectorAll(".figures-big .share").Select(d => d.TextContent.Trim().Replace('\u202f', ' ').Replace('\u00a0', ' ')));
        Assert.Equal("1", Figure(page, "rejected"));
        Assert.Equal("3", Figure(page, "late"));
        Assert.Equal("7", Figure(page, "median"));
        Assert.Equal("21,3", Figure(page, "average"));
        Assert.Equal("75 %", Figure(page, "within")!.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal("1", Figure(page, "reopened"));
        Assert.Equal("1 sur 2 avis (50 %)", Figure(page, "satisfied")!.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal("/staff/report?year=2026&commune=sefrou", page.QuerySelector("a[href^='/staff/report']")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("header nav a[href='/staff/dashboard']"));
    }

    [Fact]
    public async Task The_trend_by_month_and_the_breakdowns_are_tables_with_the_counts()
    {
        var page = await (await CellAsync()).GetPageAsync("/staff/dashboard");

        var months = Table(page, "by-month");
        Assert.Equal(["janvier 2026", "février 2026", "mars 2026", "avril 2026", "mai 2026", "juin 2026"], months.Keys);
        Assert.Equal(["6", "5", "3", "3"], months["mars 2026"]);
        Assert.Equal(["1", "1", "1", "0"], months["avril 2026"]);
        Assert.Equal("2026-03", page.QuerySelector("table#by-month tbody tr:nth-child(3) time")!.GetAttribute("datetime"));
        Assert.Equal("6", page.QuerySelector("table#by-month tbody tr:nth-child(3) td")!.GetAttribute("data-value"));
        Assert.Equal(["3", "3", "2", "1"], Table(page, "by-category")["Voirie et trottoirs"]);
        Assert.Equal(["3", "3", "2", "1"], Table(page, "by-service")["Service de la voirie"]);
        Assert.Equal(["3", "2", "1", "2"], Table(page, "by-service")["Pas encore transmise à un service"]);
        Assert.Equal(["1", "0", "0", "1"], Table(page, "by-district")["Sans quartier"]);
        Assert.Equal(["4", "3", "3", "1"], Table(page, "by-channel")["Site web"]);
        Assert.Equal(["0", "0", "0", "0"], Table(page, "by-channel")["Application"]);
        Assert.Equal("line", page.QuerySelector("table#by-month")!.GetAttribute("data-chart"));
    }

    [Fact]
    public async Task A_period_and_filters_by_category_service_and_district_narrow_the_figures()
    {
        var client = await CellAsync();

        var march = await client.GetPageAsync("/staff/dashboard?from=2026-03-01&to=2026-03-31");
        Assert.Equal(("6", "5", "3"), Headline(march));
        Assert.Equal("2026-03-01", march.QuerySelector("input#from")!.GetAttribute("value"));
        Assert.Equal(["mars 2026"], Table(march, "by-month").Keys);
        Assert.Equal(("3", "3", "2"), Headline(await client.GetPageAsync("/staff/dashboard?service=voirie")));
        Assert.Equal(("2", "1", "1"), Headline(await client.GetPageAsync("/staff/dashboard?category=eclairage-public")));
        var d1 = await client.GetPageAsync("/staff/dashboard?district=d1");
        Assert.Equal(("3", "3", "2"), Headline(d1));
        Assert.Equal("d1", d1.QuerySelector("select#district option[selected]")!.GetAttribute("value"));
        // Every filter at once: A and D, roads of district 1 filed in March; only A is answered.
        Assert.Equal(("2", "2", "1"), Headline(await client.GetPageAsync("/staff/dashboard?from=2026-03-01&to=2026-03-31&service=voirie&district=d1&category=voirie")));
    }

    [Fact]
    public async Task The_quick_periods_keep_the_filters_and_last_year_has_nothing()
    {
        var client = await CellAsync();
        var page = await client.GetPageAsync("/staff/dashboard?category=voirie");

        var links = page.QuerySelectorAll("nav.periods a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/staff/dashboard?from=2026-01-01&to=2026-06-15&category=voirie", links["Cette année"]);
        Assert.Equal("/staff/dashboard?from=2025-01-01&to=2025-12-31&category=voirie", links["L'année dernière"]);
        Assert.Equal("/staff/dashboard?from=2025-06-16&to=2026-06-15&category=voirie", links["Les 12 derniers mois"]);
        Assert.Equal("true", page.QuerySelector("nav.periods a[aria-current]")?.GetAttribute("aria-current"));
        Assert.Equal("Cette année", page.QuerySelector("nav.periods a[aria-current]")!.TextContent.Trim());

        var lastYear = await client.GetPageAsync(links["L'année dernière"]!);
        Assert.Equal(("0", "0", "0"), Headline(lastYear));
        Assert.Equal("Pas encore de réponse définitive", Figure(lastYear, "median"));
        Assert.Equal("Aucun avis pour l'instant", Figure(lastYear, "satisfied"));
        Assert.Empty(LateReferences(lastYear));
    }

    [Fact]
    public async Task The_late_list_shows_what_still_awaits_a_definitive_response_oldest_due_first_without_personal_data()
    {
        var page = await (await CellAsync()).GetPageAsync("/staff/dashboard");

        // B was reopened on 12 March: its clock restarted, so it falls due after C and D.
        Assert.Equal([scene.C, scene.D, scene.B], LateReferences(page));
        Assert.Equal($"/staff/complaints/{scene.C}", page.QuerySelector("table.late-complaints a.reference")!.GetAttribute("href"));
        var c = page.QuerySelector("table.late-complaints tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["Éclairage public", "Pas encore transmise à un service", "Reçue", "09/05/2026", "37"], c[1..]);
        var text = page.Body!.TextContent;
        foreach (var answered in new[] { scene.A, scene.E, scene.F, scene.G, scene.Kenitra })
            Assert.DoesNotContain(answered, text);
        foreach (var personal in new[] { "Amina", "Benali", "amina@example.test", "0612345678", "nid-de-poule" })
            Assert.DoesNotContain(personal, text);
        Assert.Equal("/staff?tab=late", page.QuerySelector(".late-list a[href^='/staff?']")!.GetAttribute("href"));

        var roads = await (await CellAsync()).GetPageAsync("/staff/dashboard?service=voirie");
        Assert.Equal([scene.D], LateReferences(roads));
        Assert.Equal("/staff?tab=late&service=voirie", roads.QuerySelector(".late-list a[href^='/staff?']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_service_agent_sees_only_their_services_figures_even_when_the_url_asks_for_another()
    {
        var agent = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie"));

        foreach (var url in new[] { "/staff/dashboard", "/staff/dashboard?service=eclairage", "/staff/dashboard?service=nowhere" })
        {
            var page = await agent.GetPageAsync(url);
            Assert.Equal(("3", "3", "2"), Headline(page));
            Assert.Equal([scene.D], LateReferences(page));
            Assert.Null(page.QuerySelector("select#service"));
            Assert.Null(page.QuerySelector("table#by-service"));
            Assert.Null(page.QuerySelector("a[href^='/staff/report']"));
            Assert.Contains("Service : Service de la voirie", page.QuerySelector(".scope")!.TextContent);
        }
        var page2 = await agent.GetPageAsync("/staff/dashboard?category=eclairage-public");
        Assert.Equal(("0", "0", "0"), Headline(page2));
        Assert.Equal("/staff?late=true", (await agent.GetPageAsync("/staff/dashboard")).QuerySelector(".late-list a[href^='/staff?']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task An_observer_reads_the_dashboard_of_their_commune()
    {
        var observer = await App.StaffBrowserAsync(await App.CreateAsync(Roles.Observer, "sefrou"));

        var page = await observer.GetPageAsync("/staff/dashboard");
        Assert.Equal(("7", "6", "4"), Headline(page));
        Assert.Equal([scene.C, scene.D, scene.B], LateReferences(page));
    }

    [Fact]
    public async Task The_cell_of_kenitra_never_sees_sefrous_figures_even_when_it_asks_for_them()
    {
        var client = await CellAsync("kenitra");

        foreach (var url in new[] { "/staff/dashboard", "/staff/dashboard?commune=sefrou", "/staff/dashboard?commune=sefrou&category=voirie" })
        {
            var page = await client.GetPageAsync(url);
            Assert.Contains("Kénitra", page.QuerySelector("h1")!.TextContent);
            Assert.DoesNotContain("Sefrou", page.QuerySelector("main")!.TextContent);
            Assert.Equal(("1", "0", "0"), Headline(page));
            Assert.Equal([scene.Kenitra], LateReferences(page));
            Assert.Null(page.QuerySelector("select#commune"));
        }
    }

    [Fact]
    public async Task A_platform_admin_picks_a_commune_from_the_list_first()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());

        var pick = await admin.GetPageAsync("/staff/dashboard");
        Assert.Null(Figure(pick, "received"));
        var communes = pick.QuerySelectorAll("ul.communes a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/staff/dashboard?commune=sefrou", communes);
        Assert.Contains("/staff/dashboard?commune=kenitra", communes);

        var sefrou = await admin.GetPageAsync("/staff/dashboard?commune=sefrou");
        Assert.Equal(("7", "6", "4"), Headline(sefrou));
        Assert.Equal("sefrou", sefrou.QuerySelector("select#commune option[selected]")!.GetAttribute("value"));
        Assert.Equal("/staff/dashboard?commune=sefrou&from=2025-01-01&to=2025-12-31",
            sefrou.QuerySelectorAll("nav.periods a")[1].GetAttribute("href"));
        Assert.Equal("/staff?tab=late&commune=sefrou", sefrou.QuerySelector(".late-list a[href^='/staff?']")!.GetAttribute("href"));
        Assert.Equal("1", Figure(await admin.GetPageAsync("/staff/dashboard?commune=kenitra"), "received"));
        Assert.Equal("0", Figure(await admin.GetPageAsync("/staff/dashboard?commune=el-jadida"), "received"));

        var unknown = await admin.GetPageAsync("/staff/dashboard?commune=atlantis");
        Assert.Null(Figure(unknown, "received"));
        Assert.Equal("Aucune commune ne porte ce code.", unknown.QuerySelector(".error-summary li")!.TextContent.Trim());
    }

    [Fact]
    public async Task Invalid_dates_and_filters_keep_what_was_typed_and_name_the_field_in_French()
    {
        var client = await CellAsync();

        var badStart = await client.GetPageAsync("/staff/dashboard?from=2026-02-30&to=2026-03-31");
        Assert.Equal("2026-02-30", badStart.QuerySelector("input#from")!.GetAttribute("value"));
        Assert.Equal("2026-03-31", badStart.QuerySelector("input#to")!.GetAttribute("value"));
        Assert.Contains("date de début", badStart.FieldError("from"));
        Assert.Equal("from-error", badStart.QuerySelector("input#from")!.GetAttribute("aria-describedby"));
        Assert.Equal("#from", badStart.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Null(Figure(badStart, "received"));
        Assert.Null(badStart.QuerySelector("table.late-complaints"));

        var backwards = await client.GetPageAsync("/staff/dashboard?from=2026-04-01&to=2026-03-01");
        Assert.Contains("date de fin", backwards.FieldError("to"));
        Assert.Null(backwards.FieldError("from"));

        var words = await client.GetPageAsync("/staff/dashboard?to=demain&district=d9");
        Assert.Equal("demain", words.QuerySelector("input#to")!.GetAttribute("value"));
        Assert.Contains("date de fin", words.FieldError("to"));
        Assert.Equal("Ce quartier n'existe pas dans la commune.", words.FieldError("district"));
        Assert.Equal(2, words.QuerySelectorAll(".error-summary li").Length);
    }

    [Fact]
    public async Task Invalid_dates_name_the_field_in_Arabic_on_a_right_to_left_page()
    {
        var client = await CellAsync(language: "ar");

        var page = await client.GetPageAsync("/staff/dashboard?from=hier");
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("hier", page.QuerySelector("input#from")!.GetAttribute("value"));
        Assert.Contains("تاريخ البداية", page.FieldError("from"));
        Assert.Null(Figure(page, "received"));
    }

    [Fact]
    public async Task In_Arabic_the_dashboard_reads_right_to_left_with_Arabic_words_and_latin_digits()
    {
        var page = await (await CellAsync(language: "ar")).GetPageAsync("/staff/dashboard");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("لوحة القيادة", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["الواردة", "المعالجة", "رد نهائي"], page.QuerySelectorAll(".figures-big dt").Select(d => d.TextContent.Trim()));
        Assert.Equal(("7", "6", "4"), Headline(page));
        Assert.DoesNotMatch(@"\bstaff\.[a-z]", page.Body!.TextContent);
        Assert.Contains("الطرق", string.Join(" ", Table(page, "by-category").Keys));
        Assert.Equal(["6", "5", "3", "3"], Table(page, "by-month").Values.ElementAt(2));
        Assert.Equal(HttpStatusCode.OK, (await (await CellAsync(language: "ar")).GetAsync("/lib/chart.js/chart.umd.min.js")).StatusCode);
    }

    public sealed class OnSqlite() : DashboardPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : DashboardPagesTests(DatabaseKind.Postgres);
}
