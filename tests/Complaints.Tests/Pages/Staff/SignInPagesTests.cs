using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class SignInPagesTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task The_right_password_lands_on_the_return_address_and_is_audited()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        var target = await browser.SignInAsync(cell, "/staff/account");
        Assert.Equal("/staff/account", target);
        var page = await browser.GetPageAsync(target);
        Assert.Equal(cell.Email, page.QuerySelector(".email")!.TextContent);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Login));
        Assert.Equal(cell.Email, audit.Actor);
    }

    [Fact]
    public async Task Without_a_return_address_or_with_a_foreign_one_the_member_lands_on_the_staff_home()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell));
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell, "https://evil.example/staff"));
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell, "//evil.example/staff"));
    }

    // An accented or Arabic return address is percent-encoded for the Location header; one with a control character
    // or a backslash lands on the staff home: never a 500, never another site.
    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Any_return_address_lands_on_a_path_of_this_site_with_or_without_TOTP(string language)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        foreach (var member in new[] { cell, admin })
        {
            Assert.Equal("/staff/account?q=caf%C3%A9%20%D8%B7%D8%B1%D9%8A%D9%82", await App.Browser(language).SignInAsync(member, "/staff/account?q=café طريق"));
            foreach (var foreign in new[] { "/\u0009/evil.example", "/\\evil.example", "/staff\r\nSet-Cookie: a=b", "https://evil.example" })
                Assert.Equal("/staff", await App.Browser(language).SignInAsync(member, foreign));
        }
    }

    [Fact]
    public async Task A_wrong_password_shows_one_error_in_French_and_keeps_the_email()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var response = await App.Browser("fr").PostLoginAsync(cell.Email, "Wrong-Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", page.FieldError("Input_Password"));
        Assert.Equal(cell.Email, page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector("#Input_Password")!.GetAttribute("value") ?? "");
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.LoginFailed)));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_in_Arabic_on_a_right_to_left_page()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var page = await (await App.Browser("ar").PostLoginAsync(cell.Email, "Wrong-Passw0rd!")).ParseAsync();
        Assert.Equal("rtl", page.Dir());
        Assert.Equal("البريد الإلكتروني أو كلمة المرور غير صحيحة.", page.FieldError("Input_Password"));
        Assert.Equal(cell.Email, page.QuerySelector("#Input_Email")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var page = await (await App.Browser("fr").PostLoginAsync("nobody@example.test", "Wrong-Passw0rd!")).ParseAsync();
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", page.FieldError("Input_Password"));
    }

    [Fact]
    public async Task Five_wrong_passwords_make_the_next_attempt_wait_even_with_the_right_one()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        for (var i = 0; i < 4; i++)
            await browser.PostLoginAsync(cell.Email, "Wrong-Passw0rd!");
        var fifth = await (await browser.PostLoginAsync(cell.Email, "Wrong-Passw0rd!")).ParseAsync();
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", fifth.FieldError("Input_Password"));

        var right = await browser.PostLoginAsync(cell.Email, cell.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("Adresse e-mail ou mot de passe incorrect. Trop d'essais depuis cette adresse : réessayez dans 30 secondes.",
            (await right.ParseAsync()).FieldError("Input_Password"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/account")).StatusCode);
    }

    [Fact]
    public async Task A_member_with_TOTP_gives_the_code_after_the_password()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra", twoFactor: true);
        var browser = App.Browser("fr");
        var response = await browser.PostLoginAsync(cell.Email, cell.Password, "/staff/account");
        Assert.Equal("/staff/login/2fa?ReturnUrl=%2Fstaff%2Faccount", response.Target());
        // The password alone does not open the staff pages.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/account")).StatusCode);

        var signedIn = await browser.PostCodeAsync(response.Target(), await cell.CodeAsync());
        Assert.Equal("/staff/account", signedIn.Target());
        Assert.Equal(cell.Email, (await browser.GetPageAsync("/staff/account")).QuerySelector(".email")!.TextContent);
    }

    [Fact]
    public async Task A_wrong_TOTP_code_is_refused_and_counted_as_a_failed_sign_in()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra", twoFactor: true);
        var browser = App.Browser("ar");
        var response = await browser.PostLoginAsync(cell.Email, cell.Password);
        var refused = await browser.PostCodeAsync(response.Target(), SignInForms.WrongCode(cell.TotpKey!, App.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Equal("rtl", page.Dir());
        Assert.Equal("هذا الرمز غير صالح. أدخل الرمز المعروض حاليا.", page.FieldError("Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/account")).StatusCode);
        // One failure for this account from this address, one for the address.
        Assert.Equal([1, 1], await App.WithDbAsync(db => db.SignInThrottles.Select(t => t.Failures).ToListAsync()));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_its_cookie()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var site = new Uri("http://localhost");
        var cookies = new CookieContainer();
        var browser = App.CreateDefaultClient(site, new CookieContainerHandler(cookies));
        await browser.SignInAsync(cell);
        var copy = cookies.GetCookieHeader(site);
        Assert.Equal(HttpStatusCode.OK, (await Replay(copy)).StatusCode);

        var response = await browser.LogoutAsync();
        Assert.Equal("/staff/login", response.Target());
        var next = await browser.GetAsync("/staff/account");
        Assert.Equal("/staff/login?ReturnUrl=%2Fstaff%2Faccount", next.Target());
        // A cookie kept from before (another tab, a stolen copy) no longer opens anything.
        Assert.Equal("/staff/login?ReturnUrl=%2Fstaff", (await Replay(copy)).Target());

        Task<HttpResponseMessage> Replay(string cookie)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
            request.Headers.Add("Cookie", cookie);
            return App.CreateDefaultClient(site).SendAsync(request);
        }
    }

    public sealed class OnSqlite() : SignInPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SignInPagesTests(DatabaseKind.Postgres);
}
