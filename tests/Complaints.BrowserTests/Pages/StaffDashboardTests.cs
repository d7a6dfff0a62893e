using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// The dashboard in a real browser, on the figures scene: with scripts the vendored Chart.js draws a chart over each
// table (right to left in Arabic); without scripts the tables and the plain form are the whole dashboard.
public sealed class StaffDashboardTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    public static TheoryData<string> Languages => ["fr-FR", "ar-MA"];

    [Theory, MemberData(nameof(Languages))]
    public async Task With_JavaScript_each_table_gets_its_chart_drawn_by_the_vendored_Chart_js_without_console_errors(string locale)
    {
        var scene = await App.BuildFiguresSceneAsync();
        var arabic = locale == StaffDesk.Arabic.Locale;
        var page = await OpenAsync(locale);
        await StaffDesk.For(locale).SignInAsync(page, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var chartJs = new List<string>();
        page.Response += (_, response) => { if (response.Url.Contains("chart", StringComparison.OrdinalIgnoreCase)) chartJs.Add($"{response.Status} {new Uri(response.Url).AbsolutePath}"); };

        await page.GotoAsync("/staff/dashboard");
        await Expect(page.Locator(".chart[data-drawn=true] canvas")).ToHaveCountAsync(5);
        await Expect(page.Locator("dd[data-figure=received]")).ToHaveTextAsync("7");
        await Expect(page.Locator("table.late-complaints a.reference").First).ToHaveTextAsync(scene.C);

        var charts = await page.EvaluateAsync<JsonElement>("""
            () => Array.from(document.querySelectorAll('.chart canvas')).map(canvas => {
                const chart = Chart.getChart(canvas);
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
                return {
                    table: canvas.closest('.chart').nextElementSibling.querySelector('table').id,
                    width: canvas.width, height: canvas.height, painted,
                    received: chart.data.datasets[0].data.reduce((a, b) => a + b, 0),
                    series: chart.data.datasets.length,
                    legendRtl: !!chart.options.plugins.legend.rtl,
                    reversed: !!chart.options.scales.x.reverse,
                    font: Chart.defaults.font.family,
                };
            })
            """);
        Assert.Equal(["by-month", "by-category", "by-service", "by-district", "by-channel"],
            charts.EnumerateArray().Select(c => c.GetProperty("table").GetString()));
        foreach (var chart in charts.EnumerateArray())
        {
            var table = chart.GetProperty("table").GetString();
            Assert.True(chart.GetProperty("width").GetInt32() > 100 && chart.GetProperty("height").GetInt32() > 100, $"{table} has no size");
            Assert.True(chart.GetProperty("painted").GetInt32() > 1000, $"{table} is blank");
            // Every breakdown adds up to the 7 complaints received, read from the table's numbers.
            Assert.Equal(7, chart.GetProperty("received").GetInt32());
            Assert.Equal(3, chart.GetProperty("series").GetInt32());
            Assert.Equal(arabic, chart.GetProperty("legendRtl").GetBoolean());
            Assert.Equal(arabic, chart.GetProperty("reversed").GetBoolean());
            Assert.StartsWith(arabic ? "\"Noto Naskh Arabic\"" : "\"Noto Sans\"", chart.GetProperty("font").GetString());
        }
        Assert.Equal(["200 /lib/chart.js/chart.umd.min.js"], chartJs);
        Assert.Empty(errors);
        // The table stays beside the chart, for screen readers; the chart is for the eye only.
        await Expect(page.Locator(".chart").First).ToHaveAttributeAsync("aria-hidden", "true");
        await Expect(page.Locator("table#by-month")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Without_JavaScript_the_dashboard_is_its_tables_and_the_plain_form_filters_it()
    {
        var scene = await App.BuildFiguresSceneAsync();
        var page = await OpenAsync(StaffDesk.French.Locale, javaScript: false);
        await StaffDesk.French.SignInAsync(page, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff/dashboard$"));
        await Expect(page.Locator("dd[data-figure=received]")).ToHaveTextAsync("7");
        await Expect(page.Locator("canvas")).ToHaveCountAsync(0);
        await Expect(page.Locator("table#by-month tbody tr")).ToHaveCountAsync(6);

        await page.GetByLabel("Déposées à partir du", new() { Exact = true }).FillAsync("2026-03-01");
        await page.GetByLabel("Jusqu'au", new() { Exact = true }).FillAsync("2026-03-31");
        await page.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("voirie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("from=2026-03-01&to=2026-03-31&category=&service=voirie"));
        // A and D: roads, filed in March; only A is answered, D is late.
        await Expect(page.Locator("dd[data-figure=received]")).ToHaveTextAsync("2");
        await Expect(page.Locator("dd[data-figure=treated]")).ToHaveTextAsync("2");
        await Expect(page.Locator("dd[data-figure=definitive]")).ToHaveTextAsync("1");
        await Expect(page.Locator("table.late-complaints a.reference")).ToHaveTextAsync([scene.D]);
    }
}
