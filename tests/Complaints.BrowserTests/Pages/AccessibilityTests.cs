using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Complaints.BrowserTests.Infrastructure.Axe;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// axe-core on every citizen page, in both languages, against WCAG 2.2 AA.
public sealed class AccessibilityTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    public static TheoryData<string> Languages => ["fr-FR", "ar-MA"];

    static Citizen For(string locale) => locale == Citizen.Arabic.Locale ? Citizen.Arabic : Citizen.French;

    [Theory, MemberData(nameof(Languages))]
    public async Task The_home_page_is_accessible(string locale)
    {
        var page = await OpenAsync(For(locale));
        await page.GotoAsync("/");
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_filing_form_is_accessible(string locale)
    {
        var page = await OpenAsync(For(locale));
        await page.GotoAsync("/sefrou/file");
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_privacy_notice_is_accessible_opened_on_the_form_and_on_its_own_page(string locale)
    {
        var page = await OpenAsync(For(locale));
        await page.GotoAsync("/sefrou/file");
        await page.Locator(".privacy-summary summary").ClickAsync();
        await Expect(page.Locator(".privacy-summary dl.privacy")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/sefrou/privacy");
        await Expect(page.Locator("main dl.privacy")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_filing_form_showing_errors_is_accessible(string locale)
    {
        var citizen = For(locale);
        var page = await OpenAsync(citizen);
        await page.GotoAsync("/sefrou/file");
        await page.GetByRole(AriaRole.Button, new() { Name = citizen.Submit }).ClickAsync();
        await Expect(page.Locator("#Input_Description-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_receipt_is_accessible(string locale)
    {
        var citizen = For(locale);
        var page = await OpenAsync(citizen);
        await FileAsync(page, citizen, withPhoto: true);
        await Expect(page.Locator(".secret")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_tracking_form_is_accessible(string locale)
    {
        var page = await OpenAsync(For(locale));
        await page.GotoAsync("/track");
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_tracking_form_showing_an_error_is_accessible(string locale)
    {
        var citizen = For(locale);
        var page = await OpenAsync(citizen);
        await TrackAsync(page, citizen, "SEF-2026-999999", "ABCDEFGH");
        await Expect(page.Locator("#Code-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_tracked_complaint_is_accessible(string locale)
    {
        var citizen = For(locale);
        var (reference, code) = await FileAsync(await OpenAsync(citizen), citizen, withPhoto: true);
        var page = await OpenAsync(citizen);
        await TrackAsync(page, citizen, reference, code);
        await Expect(page.Locator(".status")).ToHaveTextAsync(citizen.Received);
        await AssertAccessibleAsync(page);
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task The_not_found_page_is_accessible(string locale)
    {
        var page = await OpenAsync(For(locale));
        var response = await page.GotoAsync("/atlantis/file");
        Assert.Equal(404, response!.Status);
        await AssertAccessibleAsync(page);
    }
}
