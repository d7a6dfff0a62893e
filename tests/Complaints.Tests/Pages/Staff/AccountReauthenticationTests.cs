using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Pages.Staff;

// Turning the second factor off, a new authenticator key, new recovery codes and ending sessions ask for the current
// password again, on their own form; a wrong one counts as a failed sign-in.
public abstract class AccountReauthenticationTests(DatabaseKind kind) : AppTest(kind)
{
    const string Wrong = "Not-the-Passw0rd";

    // Each move as the account page's own form makes it: the form, the name of its password field, anything else it sends.
    internal static Task<HttpResponseMessage> MoveAsync(HttpClient browser, IDocument page, string move, string password)
    {
        Dictionary<string, string> Password(string field) => new() { [field + ".Password"] = password };
        return move switch
        {
            "Off" => browser.SubmitAsync(page, "form.disable", Password("Off")),
            "NewKey" => browser.SubmitAsync(page, "form.new-key", Password("NewKey")),
            "NewCodes" => browser.SubmitAsync(page, "form.new-codes", Password("NewCodes")),
            "EndOne" => browser.SubmitAsync(page, "#sessions form",
                new Dictionary<string, string>(Password("End")) { ["End.Session"] = page.QuerySelector("#sessions button.end")!.GetAttribute("value")! }),
            "EndOthers" => browser.SubmitAsync(page, "#sessions form", Password("End"),
                page.QuerySelector("#sessions button.end-others")!.GetAttribute("formaction")),
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };
    }

    static string Field(string move) => move switch { "EndOne" or "EndOthers" => "End", _ => move };

    [Theory]
    [InlineData("fr", "Le mot de passe actuel est incorrect.", "Trop d'essais depuis cette adresse : réessayez dans 30 secondes.")]
    [InlineData("ar", "كلمة المرور الحالية غير صحيحة.", "محاولات كثيرة من هذا العنوان: أعد المحاولة بعد 30 ثانية.")]
    public async Task A_wrong_password_refuses_each_move_keeps_its_form_and_counts_as_a_failed_sign_in(string language, string refusal, string waiting)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou", twoFactor: true);
        var browser = await App.SignedInAsync(cell, language);
        var elsewhere = await App.SignedInAsync(cell, language);
        var page = await browser.GetPageAsync("/staff/account");

        foreach (var move in new[] { "Off", "NewKey", "NewCodes", "EndOne", "EndOthers" })
        {
            var refused = await MoveAsync(browser, page, move, Wrong);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var shown = await refused.ParseAsync();
            Assert.Equal(refusal, shown.FieldError(Field(move) + "_Password"));
            // The same form, to try again, without the password typed back.
            var input = shown.QuerySelector($"input[name='{Field(move)}.Password']");
            Assert.NotNull(input);
            Assert.Null(input.GetAttribute("value"));
        }

        // Nothing changed: the second factor, its key, no new key waiting, no recovery codes, the other session.
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var member = (await users.FindByIdAsync(cell.Id))!;
            Assert.True(member.TwoFactorEnabled);
            Assert.Equal(cell.TotpKey, await users.GetAuthenticatorKeyAsync(member));
            Assert.Equal(0, await users.CountRecoveryCodesAsync(member));
        }
        Assert.Null((await browser.GetPageAsync("/staff/account")).QuerySelector(".new-key .shared-key"));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/staff")).StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.StaffSessions.CountAsync(s => s.EndedAt != null)));

        // Five failures on the sign-in counters: the sixth attempt waits, and even the right password is not checked.
        Assert.Equal(5, await App.WithDbAsync(db => db.SignInThrottles.Where(t => t.Key.StartsWith("account:")).Select(t => t.Failures).SingleAsync()));
        Assert.Equal(5, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.LoginFailed && a.UserId == cell.Id)));
        var waits = await MoveAsync(browser, page, "NewCodes", cell.Password);
        Assert.Equal(waiting, (await waits.ParseAsync()).FieldError("NewCodes_Password"));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.RecoveryCodesRenewed)));

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("/staff/account#two-factor", (await MoveAsync(browser, page, "NewCodes", cell.Password)).Target());
    }

    [Fact]
    public async Task An_empty_password_is_asked_for()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou", twoFactor: true);
        var browser = await App.SignedInAsync(cell);
        var page = await browser.GetPageAsync("/staff/account");
        var refused = await MoveAsync(browser, page, "Off", "");
        Assert.Equal("Saisissez votre mot de passe actuel.", (await refused.ParseAsync()).FieldError("Off_Password"));
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.Id == cell.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task New_recovery_codes_are_shown_once_and_the_old_ones_stop_working()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou", twoFactor: true);
        var browser = await App.SignedInAsync(cell);

        var first = await NewCodesAsync();
        Assert.Equal(10, first.Length);
        Assert.Empty((await browser.GetPageAsync("/staff/account")).QuerySelectorAll(".recovery-codes li"));
        var second = await NewCodesAsync();
        Assert.Empty(first.Intersect(second));

        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").PostLoginAndCodeAsync(cell, first[0])).StatusCode);
        Assert.Equal("/staff", (await App.Browser("fr").PostLoginAndCodeAsync(cell, second[0])).Target());
        Assert.Equal(2, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.RecoveryCodesRenewed && a.UserId == cell.Id)));

        async Task<string[]> NewCodesAsync()
        {
            var made = await MoveAsync(browser, await browser.GetPageAsync("/staff/account"), "NewCodes", cell.Password);
            Assert.Equal("/staff/account#two-factor", made.Target());
            var shown = await browser.GetPageAsync("/staff/account");
            Assert.Equal("De nouveaux codes de secours ont été générés : les anciens ne fonctionnent plus.", shown.QuerySelector(".notice")!.TextContent);
            return [.. shown.QuerySelectorAll(".recovery-codes li").Select(li => li.TextContent.Trim())];
        }
    }

    [Fact]
    public async Task A_new_authenticator_key_replaces_the_old_one_only_once_a_code_from_it_is_typed()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou", twoFactor: true);
        var browser = await App.SignedInAsync(cell);
        var page = await browser.GetPageAsync("/staff/account");
        Assert.Null(page.QuerySelector(".shared-key"));

        Assert.Equal("/staff/account#two-factor", (await MoveAsync(browser, page, "NewKey", cell.Password)).Target());
        var pending = await browser.GetPageAsync("/staff/account");
        var newKey = pending.QuerySelector(".new-key .shared-key")!.TextContent.Replace(" ", "");
        Assert.NotEqual(cell.TotpKey, newKey);
        // Until a code from the new key is typed, the old one still signs in.
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell));

        var wrong = await browser.SubmitAsync(pending, ".new-key form",
            new Dictionary<string, string> { ["Setup.Code"] = SignInForms.WrongCode(newKey, App.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.StartsWith("Ce code ne correspond pas à la clé.", (await wrong.ParseAsync()).FieldError("Setup_Code"));

        var confirmed = await browser.SubmitAsync(pending, ".new-key form",
            new Dictionary<string, string> { ["Setup.Code"] = await App.NextCodeAsync(cell.Id, newKey) });
        Assert.Equal("/staff/account", confirmed.Target());
        var after = await browser.GetPageAsync("/staff/account");
        Assert.Equal("La nouvelle clé est en service : l'ancienne ne fonctionne plus.", after.QuerySelector(".notice")!.TextContent);
        Assert.Null(after.QuerySelector(".new-key .shared-key"));

        // The old key opens nothing any more; the new one does.
        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").PostLoginAndCodeAsync(cell, await cell.CodeAsync())).StatusCode);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell with { TotpKey = newKey }));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.AuthenticatorKeyChanged && a.UserId == cell.Id)));
    }

    public sealed class OnSqlite() : AccountReauthenticationTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AccountReauthenticationTests(DatabaseKind.Postgres);
}
