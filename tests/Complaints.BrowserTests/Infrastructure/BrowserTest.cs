using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Infrastructure;

// Base of every browser test: a fresh app on a real port and database per test, and a fresh
// browser context (no cookies) for each citizen the test plays.
public abstract class BrowserTest(DatabaseKind kind, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    protected TestApp App { get; private set; } = null!;
    protected BrowserFixture Browser { get; } = browser;
    readonly List<IBrowserContext> contexts = [];

    public async Task InitializeAsync() => App = await TestApp.StartOnPortAsync(kind);

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
            await context.DisposeAsync();
        await App.DisposeAsync();
    }

    protected Task<IPage> OpenAsync(Citizen citizen, bool javaScript = true) => OpenAsync(citizen.Locale, javaScript);

    // A browser of its own (cookies, language) for each person the test plays.
    protected async Task<IPage> OpenAsync(string locale, bool javaScript = true)
    {
        var context = await Browser.Browser.NewContextAsync(new()
        {
            BaseURL = App.Address.ToString(),
            Locale = locale,
            JavaScriptEnabled = javaScript,
        });
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    // Files a complaint from the commune's form and returns what the receipt shows.
    protected async Task<(string Reference, string Code)> FileAsync(IPage page, Citizen citizen, string commune = "sefrou",
        string description = "Un lampadaire est éteint depuis dix jours devant le numéro 12.", bool withPhoto = false,
        string category = "eclairage-public")
    {
        await page.GotoAsync($"/{commune}/file");
        await page.GetByLabel(citizen.Category, new() { Exact = true }).SelectOptionAsync(category);
        await page.GetByLabel(citizen.Description, new() { Exact = true }).FillAsync(description);
        await page.GetByLabel(citizen.Address, new() { Exact = true }).FillAsync("Rue 12, près de l'école");
        if (withPhoto)
            await page.GetByLabel(citizen.Photos).SetInputFilesAsync(new FilePayload { Name = "lampadaire.jpg", MimeType = "image/jpeg", Buffer = Browser.Jpeg });
        await page.GetByRole(AriaRole.Button, new() { Name = citizen.Submit }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/receipt/"));
        var reference = await page.Locator(".reference").InnerTextAsync();
        var code = await page.Locator(".secret").InnerTextAsync();
        return (reference, code);
    }

    protected static async Task TrackAsync(IPage page, Citizen citizen, string reference, string code)
    {
        await page.GotoAsync("/track");
        await page.GetByLabel(citizen.Reference, new() { Exact = true }).FillAsync(reference);
        await page.GetByLabel(citizen.Code, new() { Exact = true }).FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = citizen.Track }).ClickAsync();
    }
}
