using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// axe-core on every staff screen, in both languages, against WCAG 2.2 AA: one walk through the back office
// per language (a scan costs over a second), every screen scanned once, all problems reported together.
public sealed class StaffAccessibilityTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    public static TheoryData<string> Languages => ["fr-FR", "ar-MA"];

    readonly List<string> problems = [];

    [Theory, MemberData(nameof(Languages))]
    public async Task The_staff_screens_are_accessible(string locale)
    {
        var desk = StaffDesk.For(locale);
        // Rows in both languages; the one opened has a photo and the citizen's name.
        var filed = await App.FileAsync(files: [("trou.jpg", Browser.Jpeg)]);
        await App.FileAsync(category: "eclairage-public", description: "ثلاثة مصابيح معطلة في زنقة البرتقال منذ أسبوع.", language: "ar");
        var reference = filed.Complaint.Reference;

        var cell = await OpenAsync(locale);
        // A page showing errors is the same page plus its errors: scanned once, with them.
        await cell.GotoAsync("/staff/login");
        await cell.GetByLabel(desk.Email, new() { Exact = true }).FillAsync("nobody@example.test");
        await cell.GetByLabel(desk.Password, new() { Exact = true }).FillAsync("wrong");
        await cell.GetByRole(AriaRole.Button, new() { Name = desk.SignIn, Exact = true }).ClickAsync();
        await Expect(cell.Locator("#Input_Password-error")).ToBeVisibleAsync();
        await ScanAsync(cell, "login, refused");

        await desk.SignInAsync(cell, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        await Expect(cell.Locator("table.inbox tbody tr")).ToHaveCountAsync(2);
        await ScanAsync(cell, "inbox");

        await cell.GotoAsync($"/staff/complaints/{reference}");
        await Expect(cell.Locator("form.move")).Not.ToHaveCountAsync(0);
        await Expect(cell.Locator(".attachments a")).ToHaveTextAsync("trou.jpg");
        await cell.Locator("#reject button.secondary").ClickAsync();
        await Expect(cell.Locator("#Input_Reason-error")).ToBeVisibleAsync();
        await ScanAsync(cell, "complaint, received, letter asked without a reason");
        await cell.Locator("#qualify button[type=submit]").ClickAsync();
        await Expect(cell.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Expect(cell.Locator("#respond .template-picker")).ToBeVisibleAsync();
        await ScanAsync(cell, "complaint, assigned");

        await cell.GotoAsync("/staff/intake");
        await ScanAsync(cell, "intake");
        await cell.Locator("input[name='Input.Channel']").First.CheckAsync();
        await cell.Locator("input[name='Input.Kind']").First.CheckAsync();
        await cell.Locator("#Input_Category").SelectOptionAsync("voirie");
        await cell.Locator("#Input_Description").FillAsync("Le citoyen signale au guichet un trottoir effondré rue 5.");
        await cell.Locator("input[name='Input.Language'][value=ar]").CheckAsync();
        await cell.Locator(".actions button[type=submit]").ClickAsync();
        await Expect(cell.Locator(".citizen-receipt")).ToBeVisibleAsync();
        await ScanAsync(cell, "intake receipt");
        await cell.GotoAsync("/staff/account");
        await ScanAsync(cell, "account");
        // The dashboard with its charts drawn, then with a date it cannot read.
        await cell.GotoAsync("/staff/dashboard");
        await Expect(cell.Locator(".chart[data-drawn=true]")).ToHaveCountAsync(5);
        await ScanAsync(cell, "dashboard");
        await cell.GotoAsync("/staff/dashboard?from=2026-02-30&district=d9");
        await Expect(cell.Locator("#from-error")).ToBeVisibleAsync();
        await ScanAsync(cell, "dashboard, bad date and district");
        await cell.GotoAsync("/staff/report?year=2026");
        await Expect(cell.Locator(".report svg")).ToHaveCountAsync(2);
        await ScanAsync(cell, "annual report");
        await cell.GotoAsync("/staff/export?format=ods");
        await ScanAsync(cell, "export refused");

        var admin = await OpenAsync(locale);
        var platformAdmin = await App.PlatformAdminAsync();
        await admin.GotoAsync("/staff/login");
        await admin.GetByLabel(desk.Email, new() { Exact = true }).FillAsync(platformAdmin.Email);
        await admin.GetByLabel(desk.Password, new() { Exact = true }).FillAsync(platformAdmin.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = desk.SignIn, Exact = true }).ClickAsync();
        await Expect(admin.GetByLabel(desk.Code, new() { Exact = true })).ToBeVisibleAsync();
        await ScanAsync(admin, "two-factor code");
        await admin.GetByLabel(desk.Code, new() { Exact = true }).FillAsync(await platformAdmin.CodeAsync());
        await admin.GetByRole(AriaRole.Button, new() { Name = desk.Verify, Exact = true }).ClickAsync();
        await admin.GotoAsync("/staff/admin/users?commune=sefrou");
        await Expect(admin.Locator("table.users tbody tr")).Not.ToHaveCountAsync(0);
        await ScanAsync(admin, "users");
        // The administration of deadlines, personal data, holidays, the wording of messages, the outbox (the filings above wrote receipts),
        // Open311 keys, the audit log, the communes, their organisation and the sheet import.
        foreach (var (url, what) in new[]
        {
            ("/staff/admin/templates?commune=sefrou", "ready answers"),
            ("/staff/admin/deadlines?commune=sefrou", "deadlines"),
            ("/staff/admin/privacy?commune=sefrou", "personal data settings"),
            ("/staff/admin/holidays?year=2026", "holidays"),
            ("/staff/admin/notifications?commune=sefrou", "notification wording"),
            ("/staff/admin/outbox", "outbox"),
            ("/staff/admin/api-keys?commune=sefrou", "Open311 keys"),
            ("/staff/admin/audit", "audit log"),
            ("/staff/admin/communes", "communes"),
            ("/staff/admin/categories?commune=sefrou", "categories"),
            ("/staff/admin/questions?commune=sefrou&category=voirie", "a category's questions"),
            ("/staff/admin/import?commune=sefrou", "sheet import"),
            ("/staff/dashboard", "dashboard, pick a commune"),
        })
        {
            var response = await admin.GotoAsync(url);
            Assert.Equal(200, response!.Status);
            await Expect(admin.Locator("main h1")).ToBeVisibleAsync();
            await ScanAsync(admin, what);
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    async Task ScanAsync(IPage page, string what)
    {
        if (await Axe.ProblemsAsync(page) is { } found)
            problems.Add($"[{what}] {found}");
    }
}
