using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Pages.Staff;

public abstract class UserAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    async Task<HttpClient> SignedInAsync(StaffMember member, string language = "fr")
    {
        var browser = App.Browser(language);
        await browser.SignInAsync(member);
        return browser;
    }

    static Dictionary<string, string> NewAgent(string email, string commune = "kenitra") => new()
    {
        ["Input.Commune"] = commune,
        ["Input.Email"] = email,
        ["Input.DisplayName"] = "Fatima Zahra",
        ["Input.Role"] = Roles.ServiceAgent,
        ["Input.Service"] = "voirie",
        ["Input.Password"] = "Copper-kettle-meadow!",
    };

    static string[] Emails(IDocument page) => page.QuerySelectorAll("table.users tbody tr").Select(r => r.GetAttribute("data-email")!).ToArray();

    [Fact]
    public async Task A_cell_agent_is_refused_the_user_administration_with_a_403_page()
    {
        var browser = await SignedInAsync(await App.CreateAsync(Roles.ComplaintsCell, "kenitra"));
        var response = await browser.GetAsync("/staff/admin/users");
        Assert.StartsWith("/staff/denied", response.Target());
        var denied = await browser.GetAsync(response.Target());
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("Accès refusé", (await denied.ParseAsync()).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_commune_administrator_sees_only_the_members_of_their_commune()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var mine = await App.CreateAsync(Roles.ComplaintsCell, "kenitra", twoFactor: true);
        var theirs = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = await SignedInAsync(admin);

        // Naming another commune is refused, as on every administration page, rather than silently ignored.
        var foreign = await browser.GetAsync("/staff/admin/users?commune=sefrou");
        Assert.Equal(HttpStatusCode.Redirect, foreign.StatusCode);
        Assert.StartsWith("/staff/denied", foreign.Target());
        var page = await browser.GetPageAsync("/staff/admin/users");
        Assert.Contains(mine.Email, Emails(page));
        Assert.Contains(admin.Email, Emails(page));
        Assert.DoesNotContain(theirs.Email, Emails(page));
        Assert.Null(page.QuerySelector("select#commune"));
        var row = page.QuerySelector($"tr[data-email='{mine.Email}']")!;
        Assert.Equal("Activée", row.QuerySelector(".twofactor")!.TextContent);
        Assert.Contains("Cellule des plaintes", row.TextContent);
    }

    [Fact]
    public async Task A_commune_administrator_adds_a_service_agent_who_can_then_sign_in()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var browser = await SignedInAsync(admin);
        var form = await browser.GetPageAsync("/staff/admin/users");
        var response = await browser.PostFormAsync("/staff/admin/users", form, NewAgent("agent.voirie@kenitra.example"));
        Assert.Equal("/staff/admin/users", response.Target());

        var page = await browser.GetPageAsync("/staff/admin/users");
        Assert.Equal("Le compte agent.voirie@kenitra.example a été créé.", page.QuerySelector(".notice")!.TextContent);
        var row = page.QuerySelector("tr[data-email='agent.voirie@kenitra.example']")!;
        Assert.Contains("Service de la voirie", row.TextContent);
        Assert.Contains("Agent de service", row.TextContent);
        var created = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "agent.voirie@kenitra.example"));
        var kenitra = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "kenitra"));
        Assert.Equal(kenitra.Id, created.CommuneId);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.UserCreated));
        Assert.Equal(admin.Email, audit.Actor);
        Assert.Equal(kenitra.Id, audit.CommuneId);

        var agent = new StaffMember(created.Id, "agent.voirie@kenitra.example", "Copper-kettle-meadow!", Roles.ServiceAgent, null);
        var agentBrowser = App.Browser("fr");
        Assert.Equal("/staff", await agentBrowser.SignInAsync(agent));
        Assert.Equal("Service de la voirie", (await agentBrowser.GetPageAsync("/staff/account")).QuerySelector(".service")!.TextContent);
    }

    [Fact]
    public async Task A_forged_form_for_another_commune_is_refused_on_the_server()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var browser = await SignedInAsync(admin);
        var form = await browser.GetPageAsync("/staff/admin/users");
        var response = await browser.PostFormAsync("/staff/admin/users", form, NewAgent("intrus@sefrou.example", commune: "sefrou"));
        Assert.StartsWith("/staff/denied", response.Target());
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "intrus@sefrou.example")));
    }

    [Fact]
    public async Task Errors_name_each_field_and_keep_what_was_typed()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var browser = await SignedInAsync(admin);
        var form = await browser.GetPageAsync("/staff/admin/users");
        var fields = NewAgent("pas-une-adresse");
        fields["Input.Service"] = "";
        fields["Input.Password"] = "";
        var response = await browser.PostFormAsync("/staff/admin/users", form, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Cette adresse e-mail n'est pas valide (exemple : nom@exemple.ma).", page.FieldError("Input_Email"));
        Assert.Equal("Choisissez un service.", page.FieldError("Input_Service"));
        // Without a password the person is invited: an empty one is no error.
        Assert.Null(page.FieldError("Input_Password"));
        Assert.Equal("pas-une-adresse", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("Fatima Zahra", page.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Equal(Roles.ServiceAgent, page.QuerySelector("#Input_Role option[selected]")!.GetAttribute("value"));
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.CommuneId != null)));
    }

    [Fact]
    public async Task Errors_read_in_Arabic_on_a_right_to_left_page()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var browser = await SignedInAsync(admin, "ar");
        var form = await browser.GetPageAsync("/staff/admin/users");
        var fields = NewAgent("agent@kenitra.example");
        fields["Input.Password"] = "short";
        var page = await (await browser.PostFormAsync("/staff/admin/users", form, fields)).ParseAsync();
        Assert.Equal("rtl", page.Dir());
        Assert.Equal("يجب أن تتكون كلمة المرور من 12 حرفا على الأقل. جملة من بضع كلمات أسهل في التذكر.", page.FieldError("Input_Password"));
        Assert.Equal("agent@kenitra.example", page.QuerySelector("#Input_Email")!.GetAttribute("value"));

        fields["Input.Password"] = "Copper-kettle-meadow!";
        fields["Input.Role"] = "mayor";
        var role = await (await browser.PostFormAsync("/staff/admin/users", form, fields)).ParseAsync();
        Assert.Equal("دور غير معروف: commune-admin أو complaints-cell أو service-agent أو observer.", role.FieldError("Input_Role"));
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "agent@kenitra.example")));
    }

    [Fact]
    public async Task A_platform_administrator_sees_every_commune_or_the_one_chosen()
    {
        var kenitra = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var sefrou = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = await SignedInAsync(await App.PlatformAdminAsync());

        var all = await browser.GetPageAsync("/staff/admin/users");
        Assert.Contains(kenitra.Email, Emails(all));
        Assert.Contains(sefrou.Email, Emails(all));
        Assert.Equal(4, all.QuerySelectorAll("select#commune option[value!='']").Length);
        Assert.Null(all.QuerySelector("#Input_Email"));

        var chosen = await browser.GetPageAsync("/staff/admin/users?commune=sefrou");
        Assert.Equal([sefrou.Email], Emails(chosen));
        var response = await browser.PostFormAsync("/staff/admin/users", chosen, NewAgent("agent@sefrou.example", commune: "sefrou"));
        Assert.Equal("/staff/admin/users?commune=sefrou", response.Target());
        Assert.Contains("agent@sefrou.example", Emails(await browser.GetPageAsync(response.Target())));
    }

    [Fact]
    public async Task A_member_whose_sign_ins_wait_is_shown_and_cleared_by_their_administrator_only()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var other = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        // Somebody guesses both passwords from one address until its attempts wait.
        var guesser = App.Browser("fr").From("203.0.113.66");
        foreach (var member in new[] { cell, other })
            for (var i = 0; i < SignInThrottling.AccountFailures; i++)
                await guesser.PostLoginAsync(member.Email, "Wrong-Passw0rd!");
        var browser = await SignedInAsync(admin);
        var page = await browser.GetPageAsync("/staff/admin/users");
        var row = page.QuerySelector($"tr[data-email='{cell.Email}']")!;
        Assert.Contains("Connexions retardées", row.QuerySelector(".state")!.TextContent);

        var forged = await browser.PostFormAsync("/staff/admin/users?handler=ClearFailures", page, new Dictionary<string, string> { ["id"] = other.Id });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        var cleared = await browser.PostFormAsync("/staff/admin/users?handler=ClearFailures", page, new Dictionary<string, string> { ["id"] = cell.Id });
        var after = await browser.GetPageAsync(cleared.Target());
        Assert.Equal($"Les échecs de connexion du compte {cell.Email} sont effacés : il peut se connecter tout de suite.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Actif", after.QuerySelector($"tr[data-email='{cell.Email}'] .state")!.TextContent.Trim());
        Assert.Equal(cell.Email, (await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.SignInFailuresCleared))).Details);
        // Even from the guessing address, the cleared member signs in at once; the other still waits there.
        Assert.Equal("/staff", await App.Browser("fr").From("203.0.113.66").SignInAsync(cell));
        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").From("203.0.113.66").PostLoginAsync(other.Email, other.Password)).StatusCode);
    }

    public sealed class OnSqlite() : UserAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : UserAdminPagesTests(DatabaseKind.Postgres);
}
