using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// A TOTP code signs in once: not a second time through the page, the API or the confirmation of a new key.
public abstract class OneTimeTotpTests(DatabaseKind kind) : AppTest(kind)
{
    const string WrongFr = "Ce code n'est pas valide. Saisissez le code affiché en ce moment.";
    const string WrongAr = "هذا الرمز غير صالح. أدخل الرمز المعروض حاليا.";

    string CodeAt(StaffMember member, int steps) => Totp.Code(member.TotpKey!, App.Clock.GetUtcNow().AddSeconds(30 * steps));

    [Theory]
    [InlineData("fr", WrongFr)]
    [InlineData("ar", WrongAr)]
    public async Task The_same_code_signs_in_once_through_the_page_and_the_next_one_works(string language, string wrong)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        var code = CodeAt(cell, 0);
        Assert.Equal("/staff", await SignInAsync(App.Browser(language), cell, code));

        var replay = App.Browser(language);
        var refused = await replay.PostLoginAndCodeAsync(cell, code);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(wrong, (await refused.ParseAsync()).FieldError("Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/staff")).StatusCode);

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/staff", await SignInAsync(App.Browser(language), cell, CodeAt(cell, 0)));
    }

    [Fact]
    public async Task The_same_code_gives_one_token_through_the_API_and_is_refused_by_the_page_after()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        var code = CodeAt(cell, 0);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").PostLoginAndCodeAsync(cell, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, 1))).StatusCode);
    }

    [Fact]
    public async Task Two_logins_at_once_with_the_same_code_give_one_token()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        var code = CodeAt(cell, 0);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.CreateClient().LoginAsync(cell.Email, cell.Password, code)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
    }

    [Fact]
    public async Task A_phone_one_step_off_is_accepted_but_an_older_step_than_the_last_used_is_not()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, 1))).StatusCode);
        // Still within the window, but before the step just used.
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, 0))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, -1))).StatusCode);
    }

    [Fact]
    public async Task The_code_that_confirmed_a_new_key_does_not_sign_in_again()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra");
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var (enabled, key) = await browser.EnableTotpAsync(App);
        Assert.Equal("/staff/account", enabled.Target());
        var withKey = admin with { TotpKey = key };

        var replay = App.Browser("fr");
        Assert.Equal(HttpStatusCode.OK, (await replay.PostLoginAndCodeAsync(withKey, CodeAt(withKey, 0))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().LoginAsync(admin.Email, admin.Password, CodeAt(withKey, 0))).StatusCode);
        Assert.Equal("/staff", await SignInAsync(App.Browser("fr"), withKey, CodeAt(withKey, 1)));
    }

    static async Task<string> SignInAsync(HttpClient browser, StaffMember member, string code) =>
        (await browser.PostLoginAndCodeAsync(member, code)).Target();

    public sealed class OnSqlite() : OneTimeTotpTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OneTimeTotpTests(DatabaseKind.Postgres);
}
