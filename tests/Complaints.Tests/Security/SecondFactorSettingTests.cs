using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// SignIn:SecondFactor: by default only administrators must use TOTP; with "everyone", every member of staff sets it up
// before reaching any other staff page, and the API gives no token without it.
public abstract class SecondFactorSettingTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task By_default_an_agent_without_a_second_factor_works_with_a_password_alone()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie");
        var browser = App.Browser("fr");
        Assert.Equal("/staff", await browser.SignInAsync(agent));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().LoginAsync(agent.Email, agent.Password)).StatusCode);
    }

    [Theory]
    [InlineData("fr", "La vérification à deux facteurs est obligatoire pour tout le personnel : activez-la d'abord sur le site du personnel.")]
    [InlineData("ar", "التحقق بخطوتين إلزامي لجميع الموظفين: فعّلوه أولا على موقع الموظفين.")]
    public async Task Required_of_everyone_an_agent_sets_it_up_before_any_page_and_gets_no_token_without_it(string language, string refusal)
    {
        await using var app = await TestApp.StartAsync(Kind, new() { ["SignIn:SecondFactor"] = "everyone" });
        var agent = await app.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie");

        var api = app.Browser(language);
        var refused = await api.LoginAsync(agent.Email, agent.Password);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(refusal, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var browser = app.Browser(language);
        Assert.Equal(TwoFactorSetup.SetupPath, await browser.SignInAsync(agent));
        // The page names the platform's rule, not the agent's role.
        Assert.Equal(language == "fr"
                ? "La vérification en deux étapes est exigée de tout le personnel de la plateforme. Activez-la ci-dessous pour accéder aux autres pages."
                : "التحقق بخطوتين مفروض على جميع موظفي المنصة. فعله أسفله للوصول إلى باقي الصفحات.",
            (await browser.GetPageAsync(TwoFactorSetup.SetupPath)).QuerySelector(".notice.warning")!.TextContent);
        foreach (var page in new[] { "/staff", "/staff/dashboard" })
            Assert.Equal(TwoFactorSetup.SetupPath, (await browser.GetAsync(page)).Target());
        var (enabled, key) = await browser.EnableTotpAsync(app);
        Assert.Equal(TwoFactorSetup.SetupPath, enabled.Target());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);

        // With the key set up, the API asks for the code and then gives a token.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var withKey = agent with { TotpKey = key };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().LoginAsync(agent.Email, agent.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().LoginAsync(agent.Email, agent.Password, await withKey.CodeAsync())).StatusCode);
    }

    [Fact]
    public async Task Required_of_everyone_the_account_page_offers_no_way_to_turn_it_off()
    {
        var optional = await App.SignedInAsync(await App.CreateAsync(Roles.Observer, "kenitra", twoFactor: true));
        Assert.NotNull((await optional.GetPageAsync("/staff/account")).QuerySelector("form[action*=Disable]"));

        await using var app = await TestApp.StartAsync(Kind, new() { ["SignIn:SecondFactor"] = "everyone" });
        var observer = await app.CreateAsync(Roles.Observer, "kenitra", twoFactor: true);
        var browser = await app.SignedInAsync(observer);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        var account = await browser.GetPageAsync("/staff/account");
        Assert.Null(account.QuerySelector("form[action*=Disable], button[formaction*=Disable]"));
        Assert.Equal("La vérification en deux étapes est exigée de tout le personnel de la plateforme : elle ne peut pas être désactivée.",
            account.QuerySelector("#two-factor .mandatory")!.TextContent);
    }

    public sealed class OnSqlite() : SecondFactorSettingTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SecondFactorSettingTests(DatabaseKind.Postgres);
}
