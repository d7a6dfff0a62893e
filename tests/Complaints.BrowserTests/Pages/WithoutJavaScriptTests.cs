using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// Scripts only enhance: a citizen on an old phone or with scripts off can still file and track.
public sealed class WithoutJavaScriptTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    [Fact]
    public async Task A_citizen_without_JavaScript_files_a_complaint_and_tracks_it()
    {
        var page = await OpenAsync(Citizen.French, javaScript: false);
        await page.GotoAsync("/sefrou/file");
        // The script never ran, and what only it can do is not offered.
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("has-js"));
        await Expect(page.Locator("[data-locate]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-locate]")).ToBeHiddenAsync();

        var (reference, code) = await FileAsync(page, Citizen.French, withPhoto: true);
        Assert.Equal("SEF-2026-000001", reference);

        var elsewhere = await OpenAsync(Citizen.French, javaScript: false);
        await TrackAsync(elsewhere, Citizen.French, reference, code);
        await Expect(elsewhere).ToHaveURLAsync(new Regex($"/track/{reference}$"));
        await Expect(elsewhere.Locator(".status")).ToHaveTextAsync("Reçue");
        await Expect(elsewhere.Locator(".description")).ToContainTextAsync("Un lampadaire est éteint depuis dix jours");
        await Expect(elsewhere.GetByRole(AriaRole.Link, new() { Name = "lampadaire.jpg" })).ToBeVisibleAsync();
    }
}
