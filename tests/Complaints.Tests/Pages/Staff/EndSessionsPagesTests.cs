using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

// "Déconnecter" on the users page signs one member out everywhere; "Déconnecter tout le monde" signs every member of
// every commune out after a suspected breach, the platform administrator's own other sessions included.
public abstract class EndSessionsPagesTests(DatabaseKind kind) : AppTest(kind)
{
    // Whether a browser's session still opens the inbox, or is sent back to sign in.
    static async Task<bool> StandsAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/staff");
        return response.StatusCode == HttpStatusCode.OK || !response.Target().StartsWith("/staff/login", StringComparison.Ordinal);
    }

    static async Task<bool> TokenStandsAsync(HttpClient api) => (await api.GetAsync("/api/v1/complaints")).StatusCode == HttpStatusCode.OK;

    static string EndFormOf(StaffMember member) => $"tr[data-email='{member.Email}'] form[action*='handler=EndSessions']";

    [Theory]
    [InlineData("fr", "est déconnecté partout : ses sessions et ses jetons d'API prennent fin à sa prochaine requête.")]
    [InlineData("ar", "من كل مكان: تنتهي جلساته ورموز الواجهة البرمجية الخاصة به عند طلبه المقبل.")]
    public async Task An_administrator_signs_one_member_out_of_every_session_and_token(string language, string notice)
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie");
        var colleague = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var agentBrowser = await App.SignedInAsync(agent);
        var agentApi = await App.ApiAsync(agent);
        var colleagueBrowser = await App.SignedInAsync(colleague);
        var admin = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true), language);

        var page = await admin.GetPageAsync("/staff/admin/users");
        var done = await admin.SubmitAsync(page, EndFormOf(agent));
        var list = await admin.GetPageAsync(done.Target());
        Assert.Contains(agent.Email, list.QuerySelector(".notice")!.TextContent);
        Assert.EndsWith(notice, list.QuerySelector(".notice")!.TextContent);

        Assert.False(await StandsAsync(agentBrowser));
        Assert.False(await TokenStandsAsync(agentApi));
        Assert.True(await StandsAsync(colleagueBrowser));
        // Nothing else changed: the agent signs in again with the same password, and their account page lists that
        // session alone, not the two that no longer open anything.
        var again = App.Browser();
        Assert.Equal("/staff", await again.SignInAsync(agent));
        var sessions = (await again.GetPageAsync("/staff/account")).QuerySelectorAll("#sessions tr.session");
        Assert.NotNull(Assert.Single(sessions).QuerySelector(".this-session"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.SessionsEnded));
        Assert.Equal(agent.Email, audit.Details);
    }

    [Fact]
    public async Task A_commune_administrator_signs_out_only_their_commune_s_members_never_themselves_nor_the_platform_administrator()
    {
        var me = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var elsewhere = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var platform = await App.PlatformAdminAsync();
        var elsewhereBrowser = await App.SignedInAsync(elsewhere);
        var admin = await App.SignedInAsync(me);

        var page = await admin.GetPageAsync("/staff/admin/users");
        Assert.Null(page.QuerySelector(EndFormOf(me)));
        Assert.Null(page.QuerySelector($"tr[data-email='{platform.Email}']"));
        Assert.Null(page.QuerySelector("form[action*='handler=EndAllSessions']"));
        foreach (var id in new[] { elsewhere.Id, platform.Id })
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/staff/admin/users?handler=EndSessions", page, new Dictionary<string, string> { ["id"] = id })).StatusCode);
        var self = await admin.PostFormAsync("/staff/admin/users?handler=EndSessions", page, new Dictionary<string, string> { ["id"] = me.Id });
        Assert.Equal("Vous ne pouvez pas faire ce changement sur votre propre compte.", (await self.ParseAsync()).FieldError($"user-{me.Id}"));
        // Forged, the platform administrator's button is refused too.
        Assert.StartsWith("/staff/denied", (await admin.PostFormAsync("/staff/admin/users?handler=EndAllSessions", page, new Dictionary<string, string>())).Target());

        Assert.True(await StandsAsync(elsewhereBrowser));
        Assert.True(await StandsAsync(admin));
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SessionsEnded || a.Action == AuditActions.AllSessionsEnded)));
    }

    [Theory]
    [InlineData("fr", "Tout le monde est déconnecté ({0} membres du personnel), vous aussi sur vos autres appareils ; seule cette session reste ouverte.")]
    [InlineData("ar", "تم تسجيل خروج الجميع ({0} من الموظفين)، وأنتم أيضا على أجهزتكم الأخرى؛ تبقى هذه الجلسة وحدها مفتوحة.")]
    public async Task The_platform_administrator_signs_everyone_out_at_once_keeping_only_the_session_that_asked(string language, string notice)
    {
        var kenitra = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var sefrou = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var others = new[] { await App.SignedInAsync(kenitra), await App.SignedInAsync(sefrou) };
        var sefrouApi = await App.ApiAsync(sefrou);
        var platform = await App.PlatformAdminAsync();
        var platformElsewhere = await App.SignedInAsync(platform);
        var platformApi = await App.ApiAsync(platform);
        var admin = await App.SignedInAsync(platform, language);

        var page = await admin.GetPageAsync("/staff/admin/users");
        Assert.NotNull(page.QuerySelector("#end-all-hint"));
        var done = await admin.SubmitAsync(page, "form[action*='handler=EndAllSessions']");
        Assert.Equal("/staff/admin/users", done.Target());
        var members = await App.WithDbAsync(db => db.Users.CountAsync(u => u.PasswordHash != null));
        var list = await admin.GetPageAsync(done.Target());
        Assert.Equal(string.Format(notice, members), list.QuerySelector(".notice")!.TextContent);

        foreach (var browser in others.Append(platformElsewhere))
            Assert.False(await StandsAsync(browser));
        Assert.False(await TokenStandsAsync(sefrouApi));
        Assert.False(await TokenStandsAsync(platformApi));
        // The session that pressed the button goes on, the only one its account page still lists.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/staff/admin/users")).StatusCode);
        var sessions = (await admin.GetPageAsync("/staff/account")).QuerySelectorAll("#sessions tr.session");
        Assert.NotNull(Assert.Single(sessions).QuerySelector(".this-session"));
        Assert.Equal("/staff", await App.Browser().SignInAsync(sefrou));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.AllSessionsEnded));
        Assert.Equal($"{members} members", audit.Details);
        // Every member was given a stamp of their own.
        Assert.Equal(members, await App.WithDbAsync(db => db.Users.Where(u => u.PasswordHash != null).Select(u => u.SecurityStamp).Distinct().CountAsync()));
    }

    public sealed class OnSqlite() : EndSessionsPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : EndSessionsPagesTests(DatabaseKind.Postgres);
}
