using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Web.Audit;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Security;

// A TOTP code signs in once: not a second time through the page, the API or the confirmation of a new key; and only
// within its own 30-second step, unless SignIn:TotpClockSkewSteps forgives a step either side.
public abstract class OneTimeTotpTests(DatabaseKind kind) : AppTest(kind)
{
    const string WrongFr = "Ce code n'est pas valide. Saisissez le code affiché en ce moment.";
    const string WrongAr = "هذا الرمز غير صالح. أدخل الرمز المعروض حاليا.";
    const string ClockFr = "Ce code n'est pas celui de maintenant : l'heure de votre téléphone semble décalée. Réglez-le sur l'heure automatique (fournie par le réseau), puis saisissez le nouveau code.";
    const string ClockAr = "هذا ليس الرمز الحالي: يبدو أن ساعة هاتفكم غير مضبوطة. اضبطوه على الوقت التلقائي (الذي توفره الشبكة)، ثم أدخلوا الرمز الجديد.";

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
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().LoginAsync(cell.Email, cell.Password, CodeAt(cell, 0))).StatusCode);
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

    [Theory]
    [InlineData("fr", WrongFr, ClockFr)]
    [InlineData("ar", WrongAr, ClockAr)]
    public async Task A_code_lives_one_step_and_a_phone_a_step_off_is_told_to_set_its_clock(string language, string wrong, string clock)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        var browser = App.Browser(language);
        // The step before and the step after: refused, and the member told why, yet counted as failures.
        foreach (var steps in new[] { -1, 1 })
        {
            var refused = await browser.PostLoginAndCodeAsync(cell, CodeAt(cell, steps));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(clock, (await refused.ParseAsync()).FieldError("Code"));
        }
        Assert.Equal(wrong, (await (await browser.PostLoginAndCodeAsync(cell, CodeAt(cell, 2))).ParseAsync()).FieldError("Code"));
        Assert.Equal(3, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.LoginFailed)));

        // A code shown at the start of its step is refused 30 seconds later, through the API too; the next one still
        // signs in 29 seconds after it appeared.
        var code = CodeAt(cell, 0);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var late = await App.Browser(language).LoginAsync(cell.Email, cell.Password, code);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal(clock, (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var next = CodeAt(cell, 0);
        App.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("/staff", await SignInAsync(App.Browser(language), cell, next));
    }

    [Fact]
    public async Task With_one_step_of_clock_skew_allowed_a_phone_one_step_off_signs_in_but_never_before_the_last_step_used()
    {
        await using var app = await TestApp.StartAsync(Kind, new() { ["SignIn:TotpClockSkewSteps"] = "1" });
        var cell = await app.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        string At(int steps) => Totp.Code(cell.TotpKey!, app.Clock.GetUtcNow().AddSeconds(30 * steps));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().LoginAsync(cell.Email, cell.Password, At(2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().LoginAsync(cell.Email, cell.Password, At(1))).StatusCode);
        // Still within the window, but before the step just used.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().LoginAsync(cell.Email, cell.Password, At(0))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().LoginAsync(cell.Email, cell.Password, At(-1))).StatusCode);
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
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/staff", await SignInAsync(App.Browser("fr"), withKey, CodeAt(withKey, 0)));
    }

    static async Task<string> SignInAsync(HttpClient browser, StaffMember member, string code) =>
        (await browser.PostLoginAndCodeAsync(member, code)).Target();

    public sealed class OnSqlite() : OneTimeTotpTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OneTimeTotpTests(DatabaseKind.Postgres);
}
