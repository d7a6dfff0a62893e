using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

public sealed class BadInputTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    [Fact]
    public async Task An_empty_description_is_named_next_to_the_field_and_the_typed_address_is_kept()
    {
        var page = await OpenAsync(Citizen.French);
        await page.GotoAsync("/sefrou/file");
        await page.GetByLabel("Sujet", new() { Exact = true }).SelectOptionAsync("voirie");
        await page.GetByLabel("Adresse ou repère", new() { Exact = true }).FillAsync("Rue des Orangers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/sefrou/file$"));
        var description = page.GetByLabel("Description", new() { Exact = true });
        await Expect(page.Locator("#Input_Description-error")).ToHaveTextAsync("Décrivez votre demande.");
        // Screen readers hear the error with the field, not only see it beside it.
        await Expect(description).ToHaveAccessibleDescriptionAsync(new Regex("Décrivez votre demande\\.$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Décrivez votre demande.");
        await Expect(page.GetByLabel("Adresse ou repère", new() { Exact = true })).ToHaveValueAsync("Rue des Orangers");
        await Expect(page.GetByLabel("Sujet", new() { Exact = true })).ToHaveValueAsync("voirie");
    }

    [Fact]
    public async Task A_wrong_access_code_on_the_tracking_page_is_refused_with_a_message()
    {
        var (reference, code) = await FileAsync(await OpenAsync(Citizen.French), Citizen.French);
        var wrong = code == "ABCDEFGH" ? "HGFEDCBA" : "ABCDEFGH";

        var page = await OpenAsync(Citizen.French);
        await TrackAsync(page, Citizen.French, reference, wrong);

        await Expect(page).ToHaveURLAsync(new Regex("/track$"));
        await Expect(page.Locator("#Code-error")).ToHaveTextAsync("Cette référence et ce code d'accès ne correspondent à aucune demande.");
        await Expect(page.GetByLabel("Code d'accès", new() { Exact = true }))
            .ToHaveAccessibleDescriptionAsync("Cette référence et ce code d'accès ne correspondent à aucune demande.");
        await Expect(page.GetByLabel("Référence", new() { Exact = true })).ToHaveValueAsync(reference);
        await Expect(page.Locator(".status")).ToHaveCountAsync(0);
    }
}
