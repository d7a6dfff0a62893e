using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Hosting;

namespace Complaints.Tests.Pages;

// The public figures pages on the hand-built scene of Infrastructure/FiguresScene, where every number is known:
// Sefrou 7 in 2026 (6 in March), Kénitra 1, El Jadida and Safi none; the clock stands on 15 June 2026.
public abstract class FiguresPagesTests(DatabaseKind kind) : AppTest(kind)
{
    FiguresScene scene = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        scene = await App.BuildFiguresSceneAsync();
    }

    // Each commune's row of the comparison, by code, as column name → what the cell reads.
    static Dictionary<string, Dictionary<string, string>> Rows(IDocument page)
    {
        var headers = page.QuerySelectorAll("#communes thead th").Select(th => th.GetAttribute("data-column") ?? "").ToList();
        return page.QuerySelectorAll("#communes tbody tr").ToDictionary(
            tr => tr.QuerySelector("th a")!.GetAttribute("href")!.Split('?')[0]["/figures/".Length..],
            tr => tr.Children.Select((cell, i) => (headers[i], Text(cell))).ToDictionary(c => c.Item1, c => c.Item2));
    }

    static string[] Order(IDocument page) =>
        [.. page.QuerySelectorAll("#communes tbody tr th a").Select(a => a.GetAttribute("href")!.Split('?')[0]["/figures/".Length..])];

    // What a sighted reader sees: spaces as the culture writes them made plain, the words kept for screen readers left out.
    static string Text(IElement element)
    {
        var copy = (IElement)element.Clone();
        foreach (var hidden in copy.QuerySelectorAll(".visually-hidden").ToList())
            hidden.Remove();
        return string.Join(' ', copy.TextContent.Split([' ', '\u00A0', '\u202F', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_comparison_shows_every_commune_side_by_side_for_the_year_with_a_national_total()
    {
        var page = await App.Browser("fr").GetPageAsync("/figures?year=2026");
        var rows = Rows(page);

        Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], rows.Keys.Order());
        var sefrou = rows["sefrou"];
        Assert.Equal("Sefrou", sefrou["commune"]);
        Assert.Equal("7", sefrou["received"]);
        Assert.Equal("86 % (6)", sefrou["treated"]);
        Assert.Equal("57 % (4)", sefrou["definitive"]);
        Assert.Equal("1", sefrou["reopened"]);
        Assert.Equal("50 % (1 sur 2)", sefrou["satisfied"]);
        Assert.Equal("21,3", sefrou["average"]);
        Assert.Equal("7", sefrou["median"]);
        Assert.Equal("75 %", sefrou["within"]);
        Assert.Equal("3", sefrou["late"]);
        Assert.Equal(("1", "0 % (0)", "—"), (rows["kenitra"]["received"], rows["kenitra"]["treated"], rows["kenitra"]["median"]));

        // A commune with nothing reads zeros, and a dash where there is nothing to divide: never "0 %".
        var jadida = rows["el-jadida"];
        Assert.Equal(["0", "0", "0"], new[] { jadida["received"], jadida["reopened"], jadida["late"] });
        Assert.Equal(["— (0)", "— (0)", "— (0 sur 0)", "—", "—", "—"],
            new[] { jadida["treated"], jadida["definitive"], jadida["satisfied"], jadida["average"], jadida["median"], jadida["within"] });
        Assert.DoesNotContain("%", string.Concat(jadida.Values));

        var total = page.QuerySelector("#communes tfoot tr")!;
        Assert.Equal("Total national", Text(total.Children[0]));
        Assert.Equal("8", Text(total.Children[1]));
        Assert.Contains("du 01/01/2026 au 15/06/2026", Text(page.QuerySelector("#communes caption")!));
    }

    [Fact]
    public async Task Without_a_period_the_comparison_shows_the_current_year_to_today_and_offers_the_years_that_have_figures()
    {
        var page = await App.Browser("fr").GetPageAsync("/figures");
        Assert.Contains("du 01/01/2026 au 15/06/2026", Text(page.QuerySelector("#communes caption")!));
        Assert.Equal("8", Text(page.QuerySelector("#communes tfoot td")!));
        Assert.Equal(["2026"], page.QuerySelectorAll("#year option").Select(o => o.GetAttribute("value")!).ToArray());
        Assert.NotNull(page.QuerySelector("#year option[value='2026'][selected]"));
    }

    [Fact]
    public async Task Every_column_header_is_a_link_that_sorts_the_communes_and_keeps_the_period()
    {
        var client = App.Browser("fr");
        var page = await client.GetPageAsync("/figures?year=2026");
        // By name at first; the received header's link sorts the highest first.
        Assert.Equal("ascending", page.QuerySelector("th[data-column=commune]")!.GetAttribute("aria-sort"));
        var link = page.QuerySelector("th[data-column=received] a")!.GetAttribute("href")!;
        Assert.Equal("/figures?year=2026&sort=received&dir=desc", link);
        Assert.All(page.QuerySelectorAll("#communes thead th a"), a => Assert.Contains("year=2026", a.GetAttribute("href")));

        var descending = await client.GetPageAsync(link);
        Assert.Equal(["sefrou", "kenitra", "el-jadida", "safi"], Order(descending));
        Assert.Equal("descending", descending.QuerySelector("th[data-column=received]")!.GetAttribute("aria-sort"));
        Assert.Single(descending.QuerySelectorAll("th[aria-sort]"));
        Assert.Contains("Reçues", Text(descending.QuerySelector("#communes caption")!));

        // Clicking the sorted header again turns the order round; equal counts stay in the order of their names.
        var ascending = await client.GetPageAsync(descending.QuerySelector("th[data-column=received] a")!.GetAttribute("href")!);
        Assert.Equal(["el-jadida", "safi", "kenitra", "sefrou"], Order(ascending));
        Assert.Equal("ascending", ascending.QuerySelector("th[data-column=received]")!.GetAttribute("aria-sort"));
        Assert.Equal("8", Text(ascending.QuerySelector("#communes tfoot td")!));
    }

    [Fact]
    public async Task A_share_sorts_on_the_share_and_communes_with_nothing_to_divide_come_last_either_way()
    {
        var client = App.Browser("fr");
        Assert.Equal(["kenitra", "sefrou", "el-jadida", "safi"], Order(await client.GetPageAsync("/figures?year=2026&sort=treated&dir=asc")));
        Assert.Equal(["sefrou", "kenitra", "el-jadida", "safi"], Order(await client.GetPageAsync("/figures?year=2026&sort=treated&dir=desc")));
        Assert.Equal(["sefrou", "el-jadida", "kenitra", "safi"], Order(await client.GetPageAsync("/figures?year=2026&sort=median&dir=desc")));
        // An unknown column falls back to the names.
        Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], Order(await client.GetPageAsync("/figures?year=2026&sort=reference&dir=desc")));
    }

    [Fact]
    public async Task Each_commune_name_leads_to_its_page_for_the_same_period()
    {
        var page = await App.Browser("fr").GetPageAsync("/figures?from=2026-03-01&to=2026-03-31&sort=received&dir=desc");
        var link = page.QuerySelector("#communes tbody tr th a")!.GetAttribute("href")!;
        Assert.Equal("/figures/sefrou?from=2026-03-01&to=2026-03-31", link);
        Assert.Equal("6", Rows(page)["sefrou"]["received"]);
        // The period forms keep the sort.
        Assert.NotNull(page.QuerySelector("form.period-year input[type=hidden][name=sort][value=received]"));
    }

    [Fact]
    public async Task A_communes_page_shows_the_three_headline_figures_then_the_others_and_the_tables_for_March()
    {
        var page = await App.Browser("fr").GetPageAsync("/figures/sefrou?from=2026-03-01&to=2026-03-31");
        string Figure(string name) => Text(page.QuerySelector($"[data-figure={name}]")!);

        Assert.Equal("Les chiffres de Sefrou", Text(page.QuerySelector("h1")!));
        Assert.Equal("6 Reçues", Figure("received"));
        Assert.Equal("5 Traitées 83 % des reçues", Figure("treated"));
        Assert.Equal("3 Réponse définitive 50 % des reçues", Figure("definitive"));
        Assert.Equal(("1", "3", "4", "5", "100 %", "1", "100 % (1 sur 1)"),
            (Figure("rejected"), Figure("late"), Figure("median"), Figure("average"), Figure("within"), Figure("reopened"), Figure("satisfied")));

        // One row per month of the period, every category with its name.
        Assert.Equal(["Mars 2026 6"], page.QuerySelectorAll("#by-month tbody tr").Select(tr => Text(tr.Children[0]) + " " + Text(tr.Children[1])).ToArray());
        var categories = page.QuerySelectorAll("#by-category tbody tr").ToDictionary(tr => Text(tr.Children[0]), tr => Text(tr.Children[1]));
        Assert.Equal(new Dictionary<string, string>
            {
                ["Éclairage public"] = "2", ["Voirie et trottoirs"] = "2", ["Propreté et déchets"] = "1", ["Espaces verts"] = "0", ["Urbanisme et construction"] = "0",
                ["État civil"] = "0", ["Autre"] = "1",
            }.OrderBy(e => e.Key), categories.OrderBy(e => e.Key));
        var channels = page.QuerySelectorAll("#by-channel tbody tr").ToDictionary(tr => Text(tr.Children[0]), tr => Text(tr.Children[1]));
        Assert.Equal("3", channels["Site web"]);
        var districts = page.QuerySelectorAll("#by-district tbody tr").ToDictionary(tr => Text(tr.Children[0]), tr => Text(tr.Children[1]));
        Assert.Equal("1", districts["Sans quartier indiqué"]);
        // Bars are drawn by CSS classes: the largest count fills its cell.
        Assert.NotNull(page.QuerySelector("#by-channel .bar.w100"));
        Assert.NotNull(page.QuerySelector("#by-channel .bar.w0"));
    }

    [Fact]
    public async Task The_comparison_says_in_each_language_when_it_was_computed_and_a_later_filing_appears_once_it_is_that_old()
    {
        var computed = Display.DateTime(App.Clock.GetUtcNow().UtcDateTime);
        var page = await App.Browser("fr").GetPageAsync("/figures?year=2026");
        Assert.Equal($"Chiffres calculés le {computed} (heure du Maroc) ; le site les recalcule dès qu'ils ont plus de 10 minutes.",
            Text(page.QuerySelector("#as-of")!));
        Assert.Equal($"أرقام محسوبة بتاريخ {computed} (بتوقيت المغرب)، ويعيد الموقع حسابها متى تجاوز عمرها 10 دقائق.",
            Text((await App.Browser("ar").GetPageAsync("/figures?year=2026")).QuerySelector("#as-of")!));

        await App.FileAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        page = await App.Browser("fr").GetPageAsync("/figures?year=2026");
        Assert.Equal("7", Rows(page)["sefrou"]["received"]);
        Assert.Contains(computed, Text(page.QuerySelector("#as-of")!));
        // A commune's own page is never kept: it counts the filing at once.
        Assert.StartsWith("8", Text((await App.Browser("fr").GetPageAsync("/figures/sefrou?year=2026")).QuerySelector("[data-figure=received]")!));

        App.Clock.Advance(TimeSpan.FromMinutes(6));
        page = await App.Browser("fr").GetPageAsync("/figures?year=2026");
        Assert.Equal("8", Rows(page)["sefrou"]["received"]);
        Assert.Contains(Display.DateTime(App.Clock.GetUtcNow().UtcDateTime), Text(page.QuerySelector("#as-of")!));
    }

    [Fact]
    public async Task In_Arabic_the_figures_read_right_to_left_with_Arabic_labels()
    {
        var client = App.Browser("ar");
        var page = await client.GetPageAsync("/figures/sefrou?from=2026-03-01&to=2026-03-31");
        Assert.Equal(("ar", "rtl"), (page.DocumentElement.GetAttribute("lang"), page.DocumentElement.GetAttribute("dir")));
        Assert.Equal("أرقام جماعة صفرو", Text(page.QuerySelector("h1")!));
        Assert.StartsWith("6 المتوصل بها", Text(page.QuerySelector("[data-figure=received]")!));
        Assert.Contains("الإنارة العمومية", page.QuerySelector("#by-category")!.TextContent);
        Assert.Contains("مارس 2026", page.QuerySelector("#by-month")!.TextContent);

        var national = await client.GetPageAsync("/figures?year=2026");
        Assert.Equal("rtl", national.DocumentElement.GetAttribute("dir"));
        Assert.Equal("صفرو", Rows(national)["sefrou"]["commune"]);
        Assert.Equal("المجموع الوطني", Text(national.QuerySelector("#communes tfoot th")!));
    }

    [Fact]
    public async Task No_page_nor_the_json_ever_shows_a_reference_a_person_or_what_a_complaint_says()
    {
        var client = App.Browser("fr");
        var secrets = new[]
        {
            scene.A, scene.B, scene.C, scene.D, scene.E, scene.F, scene.G, scene.Kenitra,
            "Amina", "Benali", "amina@example.test", "0612345678", "nid-de-poule devant l'école",
            "plan des lieux", "Les travaux sont faits", "ne précise pas le lieu", "Réparé",
        };
        foreach (var url in new[]
        {
            "/figures", "/figures?year=2026&sort=received&dir=desc", "/figures/sefrou", "/figures/sefrou?from=2026-03-01&to=2026-03-31",
            "/figures/kenitra", "/api/v1/public/stats", "/api/v1/public/stats?commune=sefrou", "/api/v1/public/stats?commune=sefrou&from=2026-03-01&to=2026-03-31",
        })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var raw = await response.Content.ReadAsStringAsync();
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase));
        }
        var page = await client.GetPageAsync("/figures/sefrou");
        Assert.Contains("jamais le texte d'une demande", page.QuerySelector("#how-counted")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task The_pages_link_to_the_same_figures_as_json_for_re_users()
    {
        var client = App.Browser("fr");
        var page = await client.GetPageAsync("/figures/sefrou?from=2026-03-01&to=2026-03-31");
        var link = page.QuerySelector("a[href^='/api/v1/public/stats']")!.GetAttribute("href")!;
        Assert.Equal("/api/v1/public/stats?commune=sefrou&from=2026-03-01&to=2026-03-31", link);
        using var json = JsonDocument.Parse(await client.GetStringAsync(link));
        Assert.Equal((6, 5, 3), (json.RootElement.GetProperty("received").GetInt32(), json.RootElement.GetProperty("treated").GetInt32(),
            json.RootElement.GetProperty("definitiveResponse").GetInt32()));

        var national = await client.GetPageAsync("/figures?year=2026");
        Assert.NotNull(national.QuerySelector("a[href='/api/v1/public/stats?from=2026-01-01&to=2026-06-15']"));
    }

    [Fact]
    public async Task A_wrong_date_is_named_and_kept_as_typed_in_French()
    {
        var page = await App.Browser("fr").GetPageAsync("/figures?from=2026-13-01&to=2026-03-31");
        Assert.Contains("date de début", page.FieldError("from"));
        Assert.Null(page.FieldError("to"));
        Assert.Equal(("2026-13-01", "2026-03-31"), (page.QuerySelector("#from")!.GetAttribute("value"), page.QuerySelector("#to")!.GetAttribute("value")));
        Assert.Equal("from-error", page.QuerySelector("#from")!.GetAttribute("aria-describedby")!.Split(' ').Last());
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#from']"));
        Assert.Null(page.QuerySelector("#communes"));
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_named_and_kept_as_typed_in_Arabic()
    {
        var page = await App.Browser("ar").GetPageAsync("/figures/sefrou?from=2026-03-31&to=2026-03-01");
        Assert.Contains("تاريخ النهاية", page.FieldError("to"));
        Assert.Equal(("2026-03-31", "2026-03-01"), (page.QuerySelector("#from")!.GetAttribute("value"), page.QuerySelector("#to")!.GetAttribute("value")));
        Assert.Null(page.QuerySelector("[data-figure]"));
    }

    [Fact]
    public async Task A_year_outside_the_list_is_refused_in_the_readers_language()
    {
        Assert.Equal("Choisissez une année de la liste.", (await App.Browser("fr").GetPageAsync("/figures?year=1999")).FieldError("year"));
        Assert.Equal("اختاروا سنة من القائمة.", (await App.Browser("ar").GetPageAsync("/figures/sefrou?year=next")).FieldError("year"));
    }

    [Fact]
    public async Task An_unknown_commune_is_the_sites_404_page()
    {
        var response = await App.Browser("fr").GetAsync("/figures/atlantis");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", (await response.ParseAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task The_figures_may_be_kept_five_minutes_by_a_proxy_per_language()
    {
        foreach (var url in new[] { "/figures", "/figures/sefrou?year=2026" })
        {
            var response = await App.Browser("fr").GetAsync(url);
            Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
            Assert.Contains("Accept-Language", response.Headers.Vary);
            Assert.Contains("Cookie", response.Headers.Vary);
        }
        // A page with a mistake in it is not kept.
        Assert.Null((await App.Browser("fr").GetAsync("/figures?from=nope")).Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task The_comparison_travels_compressed_to_a_browser_that_accepts_it_but_staff_pages_never_do()
    {
        var client = App.Browser("fr");
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        var figures = await client.GetAsync("/figures?year=2026");
        Assert.Equal(["gzip"], figures.Content.Headers.ContentEncoding);
        using (var reader = new StreamReader(new System.IO.Compression.GZipStream(await figures.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress)))
            Assert.Contains("Sefrou", await reader.ReadToEndAsync());
        Assert.Equal(["gzip"], (await client.GetAsync("/api/v1/public/stats")).Content.Headers.ContentEncoding);
        // A sign-in page carries an antiforgery token: never compressed (BREACH).
        Assert.Empty((await client.GetAsync("/staff/login")).Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_home_page_and_every_citizen_page_lead_to_the_figures()
    {
        var client = App.Browser("fr");
        var home = await client.GetPageAsync("/");
        Assert.NotNull(home.QuerySelector("main a[href='/figures']"));
        foreach (var url in new[] { "/", "/track", "/sefrou/file" })
            Assert.NotNull((await client.GetPageAsync(url)).QuerySelector("header nav a[href='/figures']"));
        var figures = await client.GetPageAsync("/figures");
        Assert.Equal("page", figures.QuerySelector("header nav a[href='/figures']")!.GetAttribute("aria-current"));
    }

    public sealed class OnSqlite() : FiguresPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : FiguresPagesTests(DatabaseKind.Postgres);
}
