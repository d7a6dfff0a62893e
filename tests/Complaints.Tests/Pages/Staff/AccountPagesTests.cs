using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class AccountPagesTests(DatabaseKind kind) : AppTest(kind)
{
    static Task<HttpResponseMessage> PostAsync(HttpClient browser, IDocument page, string handler, Dictionary<string, string> fields) =>
        browser.PostFormAsync($"/staff/account?handler={handler}", page, fields);

    [Fact]
    public async Task An_administrator_without_TOTP_must_set_it_up_before_reaching_other_pages()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra");
        var browser = App.Browser("fr");
        Assert.Equal("/staff/account", await browser.SignInAsync(admin, "/staff/admin/users"));
        Assert.Equal("/staff/account", (await browser.GetAsync("/staff/admin/users")).Target());

        var page = await browser.GetPageAsync("/staff/account");
        Assert.Contains("Votre rôle exige la vérification en deux étapes", page.QuerySelector(".notice.warning")!.TextContent);
        var key = page.QuerySelector(".shared-key")!.TextContent;
        Assert.Matches("^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$", key);
        Assert.Equal($"otpauth://totp/Complaints:{Uri.EscapeDataString(admin.Email)}?secret={key.Replace(" ", "")}&issuer=Complaints&digits=6",
            page.QuerySelector(".otpauth-uri")!.TextContent);

        var wrong = await PostAsync(browser, page, "Enable", new() { ["Setup.Code"] = SignInForms.WrongCode(key, App.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.StartsWith("Ce code ne correspond pas à la clé.", (await wrong.ParseAsync()).FieldError("Setup_Code"));
        Assert.Equal("/staff/account", (await browser.GetAsync("/staff/admin/users")).Target());

        var (enabled, _) = await browser.EnableTotpAsync(App);
        Assert.Equal("/staff/account", enabled.Target());
        var done = await browser.GetPageAsync("/staff/account");
        Assert.Equal("La vérification en deux étapes est activée.", done.QuerySelector(".notice")!.TextContent);
        Assert.Equal(10, done.QuerySelectorAll(".recovery-codes li").Length);
        Assert.Null(done.QuerySelector("button[formaction], form[action*=Disable]"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff/admin/users")).StatusCode);

        // Recovery codes are shown once only.
        Assert.Empty((await browser.GetPageAsync("/staff/account")).QuerySelectorAll(".recovery-codes li"));
    }

    [Fact]
    public async Task Once_set_up_the_administrator_signs_in_with_the_code()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra");
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var (_, key) = await browser.EnableTotpAsync(App);
        await browser.LogoutAsync();

        var next = App.Browser("fr");
        Assert.Equal("/staff/admin/users", await next.SignInAsync(admin with { TotpKey = key }, "/staff/admin/users"));
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/staff/admin/users")).StatusCode);
    }

    [Fact]
    public async Task The_account_page_says_who_you_are_in_French_and_in_Arabic()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "kenitra", "voirie");
        var fr = App.Browser("fr");
        await fr.SignInAsync(agent);
        var page = await fr.GetPageAsync("/staff/account");
        Assert.Equal("ltr", page.Dir());
        Assert.Equal(agent.Email, page.QuerySelector(".email")!.TextContent);
        Assert.Equal("Agent de service", page.QuerySelector(".role")!.TextContent);
        Assert.Equal("Kénitra", page.QuerySelector(".commune")!.TextContent);
        Assert.Equal("Service de la voirie", page.QuerySelector(".service")!.TextContent);
        Assert.Equal("Désactivée.", page.QuerySelector(".twofactor-state")!.TextContent);

        var ar = App.Browser("ar");
        await ar.SignInAsync(agent);
        var arabic = await ar.GetPageAsync("/staff/account");
        Assert.Equal("rtl", arabic.Dir());
        Assert.Equal("موظف المصلحة", arabic.QuerySelector(".role")!.TextContent);
        Assert.Equal("ltr", arabic.QuerySelector(".shared-key")!.GetAttribute("dir"));
    }

    [Fact]
    public async Task A_cell_agent_may_turn_TOTP_on_and_off_again()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        await browser.EnableTotpAsync(App);
        var page = await browser.GetPageAsync("/staff/account");
        Assert.StartsWith("Activée", page.QuerySelector(".twofactor-state")!.TextContent);

        var disabled = await PostAsync(browser, page, "Disable", new() { ["Off.Password"] = cell.Password });
        Assert.Equal("/staff/account", disabled.Target());
        var after = await browser.GetPageAsync("/staff/account");
        Assert.Equal("La vérification en deux étapes est désactivée.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Désactivée.", after.QuerySelector(".twofactor-state")!.TextContent);
        Assert.False(await App.WithDbAsync(db => db.Users.Where(u => u.Id == cell.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task An_administrator_cannot_turn_TOTP_off_even_with_a_forged_form()
    {
        var admin = await App.PlatformAdminAsync();
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var page = await browser.GetPageAsync("/staff/account");
        Assert.Equal("Votre rôle exige la vérification en deux étapes : elle ne peut pas être désactivée.", page.QuerySelector("#two-factor .mandatory")!.TextContent);
        Assert.Null(page.QuerySelector("#two-factor form.disable"));

        var forged = await PostAsync(browser, page, "Disable", []);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal("Votre rôle exige la vérification en deux étapes : elle ne peut pas être désactivée.", (await forged.ParseAsync()).FieldError("Disable"));
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task Changing_the_password_checks_the_current_one_and_the_rules()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        var page = await browser.GetPageAsync("/staff/account");

        var wrong = await (await PostAsync(browser, page, "Password", new() { ["Password.Current"] = "Not-the-Passw0rd", ["Password.New"] = "Another-Passw0rd" })).ParseAsync();
        Assert.Equal("Le mot de passe actuel est incorrect.", wrong.FieldError("Password_Current"));

        var weak = await (await PostAsync(browser, page, "Password", new() { ["Password.Current"] = cell.Password, ["Password.New"] = "short" })).ParseAsync();
        Assert.Equal("Le mot de passe doit compter au moins 12 caractères. Une phrase de quelques mots est plus facile à retenir.", weak.FieldError("Password_New"));

        var empty = await (await PostAsync(browser, page, "Password", new() { ["Password.Current"] = "", ["Password.New"] = "" })).ParseAsync();
        Assert.Equal("Saisissez votre mot de passe actuel.", empty.FieldError("Password_Current"));
        Assert.Equal("Choisissez un mot de passe.", empty.FieldError("Password_New"));

        var changed = await PostAsync(browser, page, "Password", new() { ["Password.Current"] = cell.Password, ["Password.New"] = "Brand-New-Passw0rd" });
        Assert.Equal("/staff/account", changed.Target());
        Assert.Equal("Votre mot de passe a été changé.", (await browser.GetPageAsync("/staff/account")).QuerySelector(".notice")!.TextContent);

        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").PostLoginAsync(cell.Email, cell.Password)).StatusCode);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell with { Password = "Brand-New-Passw0rd" }));
    }

    [Fact]
    public async Task Password_errors_read_in_Arabic()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("ar");
        await browser.SignInAsync(cell);
        var page = await browser.GetPageAsync("/staff/account");
        var wrong = await (await PostAsync(browser, page, "Password", new() { ["Password.Current"] = "Not-the-Passw0rd", ["Password.New"] = "short" })).ParseAsync();
        Assert.Equal("كلمة المرور الحالية غير صحيحة.", wrong.FieldError("Password_Current"));
    }

    public sealed class OnSqlite() : AccountPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AccountPagesTests(DatabaseKind.Postgres);
}
