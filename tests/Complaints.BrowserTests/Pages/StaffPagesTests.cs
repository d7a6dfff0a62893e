using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// The back office as people use it: in Arabic, two at once, with an authenticator app, without scripts.
public sealed class StaffPagesTests(BrowserFixture browser) : BrowserTest(DatabaseKind.Sqlite, browser)
{
    [Fact]
    public async Task A_cell_member_reading_Arabic_signs_in_sorts_and_registers_right_to_left_and_can_switch_to_French()
    {
        var citizen = await OpenAsync(Citizen.Arabic);
        var (reference, _) = await FileAsync(citizen, Citizen.Arabic, description: "حفرة كبيرة أمام المدرسة الابتدائية منذ أسبوعين.", category: "voirie");
        var member = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var page = await OpenAsync(StaffDesk.Arabic.Locale);

        await page.GotoAsync("/staff/login");
        await ExpectArabicAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("دخول الموظفين");
        await StaffDesk.Arabic.SignInAsync(page, member);

        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
        await ExpectArabicAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("الشكايات");
        await page.GetByRole(AriaRole.Link, new() { Name = "الجديدة", Exact = true }).ClickAsync();
        var row = page.Locator("table.inbox tbody tr", new() { HasText = reference });
        await Expect(row.Locator(".status")).ToHaveTextAsync("تم التوصل بها");
        await Expect(row).ToContainTextAsync("الطرق والأرصفة");
        await row.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/staff/complaints/{reference}$"));
        await ExpectArabicAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("الشكاية");
        await Expect(page.Locator(".service")).ToHaveTextAsync("لم تُحل بعد");
        // "Back" points right when reading right to left.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "العودة إلى اللائحة", Exact = true })).ToHaveTextAsync("→ العودة إلى اللائحة");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "الإجراءات الممكنة" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "إعلانها مقبولة وإحالتها", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("تم إعلان الشكاية مقبولة وإحالتها على المصلحة.");
        await Expect(page.Locator("h1 .status")).ToHaveTextAsync("أحيلت على المصلحة المختصة");
        await Expect(page.Locator(".service")).ToHaveTextAsync("مصلحة الطرق");
        await ExpectArabicAsync(page);

        // The switch link keeps the reader on the same complaint, now in French, and back.
        await page.GetByRole(AriaRole.Link, new() { Name = "Français", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/staff/complaints/{reference}$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator("h1 .status")).ToHaveTextAsync("Transmise au service compétent");
        await Expect(page.Locator(".service")).ToHaveTextAsync("Service de la voirie");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste", Exact = true })).ToHaveTextAsync("← Retour à la liste");
        await page.GetByRole(AriaRole.Link, new() { Name = "العربية", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/staff/complaints/{reference}$"));
        await ExpectArabicAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "التسجيل في الشباك", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff/intake$"));
        await ExpectArabicAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("تسجيل طلب في الشباك");
        await Expect(page.Locator("label[for=Input_Description]")).ToHaveTextAsync("الوصف");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "التسجيل وطباعة الوصل", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task When_two_members_act_at_once_the_stale_note_is_refused_with_the_typed_text_kept_and_lands_once_when_sent_again()
    {
        const string note = "Le citoyen a rappelé ce matin : le trou s'agrandit.";
        var (reference, _) = await FileAsync(await OpenAsync(Citizen.French), Citizen.French, category: "voirie");
        var first = await OpenAsync(StaffDesk.French.Locale);
        var second = await OpenAsync(StaffDesk.French.Locale);
        await StaffDesk.French.SignInAsync(first, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        await StaffDesk.French.SignInAsync(second, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        await first.GotoAsync($"/staff/complaints/{reference}");
        await second.GotoAsync($"/staff/complaints/{reference}");
        await Expect(second.Locator("h1 .status")).ToHaveTextAsync("Reçue");

        await first.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Service de la voirie" });
        await first.GetByRole(AriaRole.Button, new() { Name = "Transmettre", Exact = true }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("Plainte transmise au service.");

        // The second page still shows the complaint as received: its note is refused, not lost.
        await second.GetByLabel("Note", new() { Exact = true }).FillAsync(note);
        await second.GetByRole(AriaRole.Button, new() { Name = "Ajouter la note", Exact = true }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Quelqu'un a modifié cette plainte pendant votre lecture ; rien n'a été appliqué. Voici son état actuel ; votre texte est gardé ci-dessous.");
        await Expect(second.Locator("h1 .status")).ToHaveTextAsync("Transmise au service compétent");
        await Expect(second.GetByLabel("Note", new() { Exact = true })).ToHaveValueAsync(note);
        await Expect(second.Locator(".staff-timeline")).Not.ToContainTextAsync(note);

        await second.GetByRole(AriaRole.Button, new() { Name = "Ajouter la note", Exact = true }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Status)).ToHaveTextAsync("Note ajoutée.");
        await Expect(second.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(second.Locator(".staff-timeline").GetByText(note)).ToHaveCountAsync(1);
        await Expect(second.GetByLabel("Note", new() { Exact = true })).ToHaveValueAsync("");
        await first.ReloadAsync();
        await Expect(first.Locator(".staff-timeline").GetByText(note)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_member_with_two_factor_signs_in_with_the_code_of_the_authenticator_app_and_lands_where_they_were_going()
    {
        var member = await App.CreateAsync(Roles.ComplaintsCell, "sefrou", twoFactor: true);
        var page = await OpenAsync(StaffDesk.French.Locale);

        await page.GotoAsync("/staff/intake");
        await Expect(page).ToHaveURLAsync(new Regex("/staff/login\\?ReturnUrl=%2Fstaff%2Fintake$", RegexOptions.IgnoreCase));
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(member.Email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/staff/login/2fa"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Code de vérification");
        // Not signed in yet: the password alone opens nothing.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mon compte" })).ToHaveCountAsync(0);
        await page.GetByLabel("Code à 6 chiffres", new() { Exact = true }).FillAsync(await member.CodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/staff/intake$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Enregistrer une demande au guichet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mon compte", Exact = true }).ClickAsync();
        await Expect(page.Locator(".email")).ToHaveTextAsync(member.Email);
        await Expect(page.Locator(".twofactor-state")).ToHaveTextAsync(new Regex("^Activée"));
    }

    [Fact]
    public async Task A_cell_member_without_JavaScript_signs_in_and_qualifies_a_complaint()
    {
        var (reference, _) = await FileAsync(await OpenAsync(Citizen.French), Citizen.French, category: "voirie");
        var page = await OpenAsync(StaffDesk.French.Locale, javaScript: false);
        await StaffDesk.French.SignInAsync(page, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("has-js"));

        await page.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(page.Locator("h1 .status")).ToHaveTextAsync("Reçue");
        await page.GetByLabel("Sujet (à corriger si besoin)").SelectOptionAsync(new SelectOptionValue { Label = "Éclairage public" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déclarer recevable et transmettre", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/staff/complaints/{reference}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Plainte déclarée recevable et transmise au service.");
        await Expect(page.Locator("h1 .status")).ToHaveTextAsync("Transmise au service compétent");
        await Expect(page.Locator(".category")).ToHaveTextAsync("Éclairage public");
        await Expect(page.Locator(".service")).ToHaveTextAsync("Service de l'éclairage public");
    }

    [Theory]
    [InlineData("fr-FR", "Se déconnecter", "Connexion du personnel")]
    [InlineData("ar-MA", "تسجيل الخروج", "دخول الموظفين")]
    public async Task The_menu_button_signs_the_member_out_onto_the_sign_in_page(string locale, string signOut, string signInTitle)
    {
        var desk = StaffDesk.For(locale);
        var page = await OpenAsync(desk.Locale);
        await desk.SignInAsync(page, await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));

        await page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff/login$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(signInTitle);
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(new Regex("/staff/login\\?ReturnUrl=%2Fstaff$", RegexOptions.IgnoreCase));
    }

    static async Task ExpectArabicAsync(IPage page)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
    }
}
