using System.Text;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
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

    static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        Assert.NotEmpty(result.Passes); // axe really ran on a page with content
        Assert.True(result.Violations.Length == 0, Describe(page.Url, result.Violations));
    }

    // Says what to fix: rule, impact, help and the elements that break it.
    static string Describe(string url, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"{violations.Length} accessibility violation(s) on {url}:");
        foreach (var v in violations)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}");
            foreach (var node in v.Nodes)
            {
                var checks = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message);
                text.Append($"\n    at {node.Target}: {node.Html}\n       {string.Join(" / ", checks)}");
            }
        }
        return text.ToString();
    }
}
