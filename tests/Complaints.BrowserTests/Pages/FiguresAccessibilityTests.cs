using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Complaints.BrowserTests.Infrastructure.Axe;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// The public figures (Infrastructure/FiguresScene: Sefrou 7 in 2026, Kénitra 1), in both languages, against WCAG 2.2 AA,
// and sorted by a reader whose browser runs no script.
public sealed class FiguresAccessibilityTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    public static TheoryData<string> Languages => ["fr-FR", "ar-MA"];

    [Theory, MemberData(nameof(Languages))]
    public async Task Every_commune_side_by_side_is_accessible(string locale)
    {
        await App.BuildFiguresSceneAsync();
        var page = await OpenAsync(locale);
        await page.GotoAsync("/figures?year=2026&sort=received&dir=desc");
        await Expect(page.Locator("#communes tbody tr")).ToHaveCountAsync(4);
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task A_communes_figures_are_accessible(string locale)
    {
        await App.BuildFiguresSceneAsync();
        var page = await OpenAsync(locale);
        await page.GotoAsync("/figures/sefrou");
        await Expect(page.Locator("[data-figure=received] .number")).ToHaveTextAsync("7");
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task A_wrong_period_is_accessible(string locale)
    {
        var page = await OpenAsync(locale);
        await page.GotoAsync("/figures/sefrou?from=2026-13-01");
        await Expect(page.Locator("#from-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_reader_without_JavaScript_sorts_the_communes_by_clicking_the_headers()
    {
        await App.BuildFiguresSceneAsync();
        var page = await OpenAsync(Citizen.French, javaScript: false);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Les chiffres" }).ClickAsync();
        var rows = page.Locator("#communes tbody tr th");
        await Expect(rows).ToHaveTextAsync(["El Jadida", "Kénitra", "Safi", "Sefrou"]);

        // A header reads as its name alone (cells are announced with it); the note under the table says it sorts.
        await page.Locator("#communes thead").GetByRole(AriaRole.Link, new() { Name = "Reçues", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveTextAsync(["Sefrou", "Kénitra", "El Jadida", "Safi"]);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Reçues" })).ToHaveAttributeAsync("aria-sort", "descending");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sefrou" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Les chiffres de Sefrou");
        await Expect(page.Locator("[data-figure=treated] .number")).ToHaveTextAsync("6");
    }
}
