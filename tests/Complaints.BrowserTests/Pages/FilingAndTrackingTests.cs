using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

public abstract partial class FilingAndTrackingTests(DatabaseKind kind, BrowserFixture browser) : BrowserTest(kind, browser)
{
    [Fact]
    public async Task A_citizen_files_a_complaint_with_a_photo_in_French_and_tracks_it_from_another_browser()
    {
        var citizen = Citizen.French;
        var page = await OpenAsync(citizen);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sefrou" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sefrou/file$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sefrou");

        await page.GetByLabel("Plainte").CheckAsync();
        await page.GetByLabel("Sujet", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Voirie et trottoirs" });
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Un grand nid-de-poule devant l'école primaire depuis deux semaines.");
        await page.GetByLabel("Adresse ou repère", new() { Exact = true }).FillAsync("Rue 12, près de l'école");
        await page.GetByLabel("Photos ou document").SetInputFilesAsync(new FilePayload { Name = "trou.jpg", MimeType = "image/jpeg", Buffer = Browser.Jpeg });
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/receipt/SEF-2026-000001$"));
        await Expect(page.Locator(".reference")).ToHaveTextAsync("SEF-2026-000001");
        await Expect(page.Locator(".secret")).ToHaveTextAsync(AccessCode());
        var code = await page.Locator(".secret").InnerTextAsync();

        // Another browser has no cookie: only the reference and the code open the complaint.
        var elsewhere = await OpenAsync(citizen);
        await TrackAsync(elsewhere, citizen, "SEF-2026-000001", code);
        await Expect(elsewhere).ToHaveURLAsync(new Regex("/track/SEF-2026-000001$"));
        await Expect(elsewhere.Locator(".status")).ToHaveTextAsync("Reçue");
        await Expect(elsewhere.Locator(".description")).ToContainTextAsync("Un grand nid-de-poule devant l'école primaire");
        await Expect(elsewhere.GetByRole(AriaRole.Link, new() { Name = "trou.jpg" })).ToBeVisibleAsync();
        await Expect(elsewhere.Locator(".timeline")).ToContainTextAsync("Demande reçue");

        // The photo link gives back the picture that was sent, encoded again without its metadata.
        var photo = await elsewhere.Context.APIRequest.GetAsync(await elsewhere.GetByRole(AriaRole.Link, new() { Name = "trou.jpg" }).GetAttributeAsync("href") ?? "");
        Assert.Equal(200, photo.Status);
        using var picture = SkiaSharp.SKBitmap.Decode(await photo.BodyAsync());
        Assert.Equal((16, 12), (picture.Width, picture.Height));
    }

    [Fact]
    public async Task A_citizen_files_and_tracks_in_Arabic_right_to_left()
    {
        var citizen = Citizen.Arabic;
        var page = await OpenAsync(citizen);
        await page.GotoAsync("/");
        await ExpectArabicAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "صفرو" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sefrou/file$"));
        await ExpectArabicAsync(page);
        await Expect(page.Locator("label[for=Input_Description]")).ToHaveTextAsync("الوصف");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "إرسال طلبي" })).ToBeVisibleAsync();

        var (reference, code) = await FileAsync(page, citizen, description: "الإنارة العمومية معطلة في زنقة 12 منذ عشرة أيام.", withPhoto: true);
        Assert.Equal("SEF-2026-000001", reference);
        Assert.Matches(AccessCode(), code);
        await ExpectArabicAsync(page);

        var elsewhere = await OpenAsync(citizen);
        await TrackAsync(elsewhere, citizen, reference, code);
        await Expect(elsewhere).ToHaveURLAsync(new Regex($"/track/{reference}$"));
        await ExpectArabicAsync(elsewhere);
        await Expect(elsewhere.Locator(".status")).ToHaveTextAsync("تم التوصل بها");
        await Expect(elsewhere.Locator(".description")).ToContainTextAsync("الإنارة العمومية معطلة في زنقة 12");
        await Expect(elsewhere.GetByRole(AriaRole.Link, new() { Name = "lampadaire.jpg" })).ToBeVisibleAsync();
        await Expect(elsewhere.Locator(".timeline")).ToContainTextAsync("تم التوصل بالطلب");
    }

    static async Task ExpectArabicAsync(IPage page)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
    }

    [GeneratedRegex("^[A-Z2-9]{8}$")]
    private static partial Regex AccessCode();

    public sealed class OnSqlite(BrowserFixture browser) : FilingAndTrackingTests(DatabaseKind.Sqlite, browser);
    public sealed class OnPostgres(BrowserFixture browser) : FilingAndTrackingTests(DatabaseKind.Postgres, browser);
}
