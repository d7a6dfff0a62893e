using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Complaints.Tests.Pages.Staff;

// Invitations and forgotten passwords by mail (through the outbox and a real SMTP server), and what an
// administrator changes on the users page: role, service, deactivation, second factor.
public abstract class StaffLifecyclePagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Chosen = "Chosen-Passw0rd-2026";
    readonly int smtpPort = SmtpTestServer.FreePort();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Plateforme <no-reply@communes.example>",
    };

    async Task<HttpClient> SignedInAsync(StaffMember member)
    {
        var browser = App.Browser("fr");
        await browser.SignInAsync(member);
        return browser;
    }

    // The mails the outbox worker sends now, as the SMTP server received them.
    async Task<MimeMessage> MailToAsync(SmtpTestServer smtp, string email)
    {
        var before = smtp.Received.Count;
        Assert.Equal(1, (await App.SendOutboxAsync()).Sent);
        var received = await smtp.WaitForAsync(before + 1);
        return Assert.Single(received.Skip(before), m => m.To.Mailboxes.Single().Address == email);
    }

    static string LinkIn(MimeMessage mail, string path)
    {
        var link = Regex.Match(mail.TextBody!, @"https?://\S+" + Regex.Escape(path) + @"\?\S+");
        Assert.True(link.Success, mail.TextBody);
        return new Uri(link.Value).PathAndQuery;
    }

    static async Task<HttpResponseMessage> ChooseAsync(HttpClient browser, string link, string password, string? confirm = null)
    {
        var page = await browser.GetPageAsync(link);
        return await browser.SubmitAsync(page, "form", new Dictionary<string, string> { ["Password"] = password, ["Confirm"] = confirm ?? password }, link);
    }

    static string? Refusal(IDocument page) => page.QuerySelector("p.notice[role=alert]")?.TextContent;

    static Task<HttpResponseMessage> RowActionAsync(HttpClient browser, IDocument page, string handler, Dictionary<string, string> fields) =>
        browser.PostFormAsync($"/staff/admin/users?handler={handler}", page, fields);

    [Fact]
    public async Task An_invited_agent_chooses_a_password_from_the_mailed_link_once_then_signs_in()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var admin = await SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var form = await admin.GetPageAsync("/staff/admin/users");
        var created = await admin.PostFormAsync("/staff/admin/users", form, new Dictionary<string, string>
        {
            ["Input.Commune"] = "kenitra", ["Input.Email"] = "invitee@kenitra.example", ["Input.DisplayName"] = "",
            ["Input.Role"] = Roles.ServiceAgent, ["Input.Service"] = "voirie", ["Input.Password"] = "",
        });
        var list = await admin.GetPageAsync(created.Target());
        Assert.Equal("Une invitation a été envoyée à invitee@kenitra.example.", list.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Invité, mot de passe à choisir", list.QuerySelector("tr[data-email='invitee@kenitra.example'] .state")!.TextContent.Trim());

        var mail = await MailToAsync(smtp, "invitee@kenitra.example");
        Assert.Equal("Votre compte sur la plateforme des réclamations | حسابكم على منصة الشكايات", mail.Subject);
        Assert.Contains("valable 7 jours", mail.TextBody);
        Assert.Contains("صالح لمدة 7 أيام", mail.TextBody);
        var link = LinkIn(mail, "/staff/invitation");

        var browser = App.Browser("fr");
        Assert.Equal("/staff/login", (await ChooseAsync(browser, link, Chosen)).Target());
        Assert.Equal("Votre mot de passe est enregistré. Connectez-vous.", (await browser.GetPageAsync("/staff/login")).QuerySelector(".notice")!.TextContent);
        var invitee = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "invitee@kenitra.example"));
        Assert.Null(invitee.InvitedAt);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(new StaffMember(invitee.Id, invitee.Email!, Chosen, Roles.ServiceAgent, null)));

        // The same link again: refused, and nothing changes.
        var again = await App.Browser("fr").GetPageAsync(link);
        Assert.Equal("Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien.", Refusal(again));
        Assert.Null(again.QuerySelector("#Password"));
        Assert.Contains(AuditActions.InvitationAccepted, await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }

    // Requests one after the other take the same database context from the pool: each invitation still leaves with its
    // own request, once, to its own person, and its link is theirs.
    [Fact]
    public async Task Members_invited_one_after_the_other_each_receive_their_own_invitation_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var admin = await SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        string[] invitees = ["first@kenitra.example", "second@kenitra.example"];
        foreach (var email in invitees)
        {
            var form = await admin.GetPageAsync("/staff/admin/users");
            var created = await admin.PostFormAsync("/staff/admin/users", form, new Dictionary<string, string>
            {
                ["Input.Commune"] = "kenitra", ["Input.Email"] = email, ["Input.DisplayName"] = "",
                ["Input.Role"] = Roles.ServiceAgent, ["Input.Service"] = "voirie", ["Input.Password"] = "",
            });
            Assert.Equal($"Une invitation a été envoyée à {email}.", (await admin.GetPageAsync(created.Target())).QuerySelector(".notice")!.TextContent);
        }

        Assert.Equal(2, (await App.SendOutboxAsync()).Sent);
        var received = await smtp.WaitForAsync(2);
        Assert.Equal(invitees, received.Select(m => m.To.Mailboxes.Single().Address).Order());
        var second = LinkIn(received.Single(m => m.To.Mailboxes.Single().Address == invitees[1]), "/staff/invitation");
        Assert.Equal("/staff/login", (await ChooseAsync(App.Browser("fr"), second, Chosen)).Target());
        var invitee = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == invitees[1]));
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(new StaffMember(invitee.Id, invitee.Email!, Chosen, Roles.ServiceAgent, null)));
    }

    [Fact]
    public async Task An_invitation_link_expires_after_seven_days_and_a_new_one_replaces_it()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        // As the bulk import does: no password, an invitation.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var kenitra = await db.Communes.SingleAsync(c => c.Code == "kenitra");
            var (_, errors) = await StaffAccounts.CreateAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>(),
                scope.ServiceProvider.GetRequiredService<StaffMail>(), kenitra, "late@kenitra.example", null, Roles.Observer, null, null, CancellationToken.None);
            Assert.Empty(errors);
        }
        var first = LinkIn(await MailToAsync(smtp, "late@kenitra.example"), "/staff/invitation");
        App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.NotNull(Refusal(await App.Browser("fr").GetPageAsync(first)));

        // The administrator sends it again: the new link works, within its own seven days.
        var browser = await SignedInAsync(admin);
        var page = await browser.GetPageAsync("/staff/admin/users");
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.Email == "late@kenitra.example").Select(u => u.Id).SingleAsync());
        var sent = await RowActionAsync(browser, page, "Reinvite", new() { ["id"] = id });
        Assert.Equal("Une invitation a été envoyée à late@kenitra.example.", (await browser.GetPageAsync(sent.Target())).QuerySelector(".notice")!.TextContent);
        var second = LinkIn(await MailToAsync(smtp, "late@kenitra.example"), "/staff/invitation");
        App.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal("/staff/login", (await ChooseAsync(App.Browser("fr"), second, Chosen)).Target());
    }

    [Fact]
    public async Task A_forgotten_password_is_replaced_through_a_single_use_link_that_expires()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var browser = App.Browser("fr");
        var login = await browser.GetPageAsync("/staff/login");
        Assert.Equal("/staff/forgot", login.QuerySelector("a[href='/staff/forgot']")!.GetAttribute("href"));

        async Task<string> AskAsync(string email)
        {
            var form = await browser.GetPageAsync("/staff/forgot");
            var answer = await (await browser.SubmitAsync(form, "form", new Dictionary<string, string> { ["Email"] = email }, "/staff/forgot")).ParseAsync();
            return answer.QuerySelector(".notice")!.TextContent;
        }
        var known = await AskAsync(cell.Email);
        // The same answer for an address nobody uses, and no mail for it.
        Assert.Equal(known, await AskAsync("nobody.here@kenitra.example"));
        Assert.StartsWith("Si un compte actif utilise cette adresse", known);

        var mail = await MailToAsync(smtp, cell.Email);
        Assert.Contains(" | ", mail.Subject);
        var link = LinkIn(mail, "/staff/reset");
        Assert.Equal("/staff/login", (await ChooseAsync(App.Browser("fr"), link, Chosen)).Target());
        Assert.Equal(HttpStatusCode.OK, (await App.Browser("fr").PostLoginAsync(cell.Email, cell.Password)).StatusCode);
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell with { Password = Chosen }));
        Assert.NotNull(Refusal(await App.Browser("fr").GetPageAsync(link)));

        // A second request, followed a day and a minute later: expired.
        await AskAsync(cell.Email);
        var late = LinkIn(await MailToAsync(smtp, cell.Email), "/staff/reset");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.NotNull(Refusal(await App.Browser("fr").GetPageAsync(late)));
    }

    [Fact]
    public async Task A_new_password_from_the_forgotten_link_still_asks_for_the_code()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var browser = App.Browser("fr");
        await browser.SubmitAsync(await browser.GetPageAsync("/staff/forgot"), "form", new Dictionary<string, string> { ["Email"] = admin.Email }, "/staff/forgot");
        Assert.Equal("/staff/login", (await ChooseAsync(App.Browser("fr"), LinkIn(await MailToAsync(smtp, admin.Email), "/staff/reset"), Chosen)).Target());

        // The link replaces the password, not the second factor: the new password leads to the code page, not inside.
        var signingIn = App.Browser("fr");
        Assert.StartsWith("/staff/login/2fa", (await signingIn.PostLoginAsync(admin.Email, Chosen)).Target());
        Assert.Equal(HttpStatusCode.Redirect, (await signingIn.GetAsync("/staff/account")).StatusCode);
        Assert.Equal("/staff", (await signingIn.PostLoginAndCodeAsync(admin with { Password = Chosen }, await admin.CodeAsync())).Target());
    }

    [Fact]
    public async Task Choosing_a_password_names_a_weak_or_mismatched_one_and_keeps_the_link_usable()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var browser = App.Browser("ar");
        var form = await browser.GetPageAsync("/staff/forgot");
        await browser.SubmitAsync(form, "form", new Dictionary<string, string> { ["Email"] = cell.Email }, "/staff/forgot");
        var link = LinkIn(await MailToAsync(smtp, cell.Email), "/staff/reset");

        var weak = await (await ChooseAsync(browser, link, "short")).ParseAsync();
        Assert.Equal("rtl", weak.Dir());
        Assert.Equal("يجب أن تتكون كلمة المرور من 12 حرفا على الأقل. جملة من بضع كلمات أسهل في التذكر.", weak.FieldError("Password"));
        var mismatch = await (await ChooseAsync(browser, link, Chosen, Chosen + "x")).ParseAsync();
        Assert.Equal("كلمتا المرور غير متطابقتين.", mismatch.FieldError("Confirm"));
        Assert.Equal("/staff/login", (await ChooseAsync(browser, link, Chosen)).Target());
    }

    [Fact]
    public async Task A_deactivated_member_loses_their_session_at_the_next_request_and_cannot_sign_in_or_ask_for_a_password()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var session = await SignedInAsync(cell);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/staff")).StatusCode);

        var admin = await SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var page = await admin.GetPageAsync("/staff/admin/users");
        var done = await RowActionAsync(admin, page, "Active", new() { ["id"] = cell.Id, ["active"] = "false" });
        var after = await admin.GetPageAsync(done.Target());
        Assert.Equal($"Le compte {cell.Email} est désactivé : il ne peut plus se connecter et ses sessions sont fermées.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Désactivé", after.QuerySelector($"tr[data-email='{cell.Email}'] .state")!.TextContent.Trim());

        var refused = await session.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/staff/login", refused.Target());
        var login = await App.Browser("fr").PostLoginAsync(cell.Email, cell.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotNull((await login.ParseAsync()).FieldError("Input_Password"));

        var forgot = App.Browser("fr");
        await forgot.SubmitAsync(await forgot.GetPageAsync("/staff/forgot"), "form", new Dictionary<string, string> { ["Email"] = cell.Email }, "/staff/forgot");
        Assert.Equal(0, (await App.SendOutboxAsync()).Sent);

        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.UserDeactivated));
        Assert.Equal(cell.Email, audit.Details);

        // Reactivated, they sign in again; the old session stays closed.
        var reactivated = await RowActionAsync(admin, await admin.GetPageAsync("/staff/admin/users"), "Active", new() { ["id"] = cell.Id, ["active"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.StartsWith("/staff/login", (await session.GetAsync("/staff")).Target());
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(cell));
    }

    [Fact]
    public async Task An_administrator_changes_an_agent_s_service_and_the_agent_signs_in_again_to_see_it()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie");
        var session = await SignedInAsync(agent);
        var admin = await SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var page = await admin.GetPageAsync("/staff/admin/users");
        var row = page.QuerySelector($"tr[data-email='{agent.Email}']")!;
        Assert.Equal("voirie", row.QuerySelector($"#service-{agent.Id} option[selected]")!.GetAttribute("value"));

        var done = await admin.SubmitAsync(page, $"tr[data-email='{agent.Email}'] form.change",
            new Dictionary<string, string> { ["service"] = "eclairage" }, "/staff/admin/users?handler=Change");
        var after = await admin.GetPageAsync(done.Target());
        Assert.Contains("Service de l'éclairage public", after.QuerySelector($"tr[data-email='{agent.Email}']")!.TextContent);
        Assert.StartsWith("/staff/login", (await session.GetAsync("/staff")).Target());
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(agent));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.UserChanged));
        Assert.Equal($"{agent.Email} service voirie → eclairage", audit.Details);

        // Made a cell member, the service goes; made an agent again without one, the field is named.
        await admin.SubmitAsync(after, $"tr[data-email='{agent.Email}'] form.change",
            new Dictionary<string, string> { ["role"] = Roles.ComplaintsCell }, "/staff/admin/users?handler=Change");
        Assert.Null(await App.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.ServiceId).SingleAsync()));
        var form = await admin.GetPageAsync("/staff/admin/users");
        var refused = await (await admin.SubmitAsync(form, $"tr[data-email='{agent.Email}'] form.change",
            new Dictionary<string, string> { ["role"] = Roles.ServiceAgent, ["service"] = "" }, "/staff/admin/users?handler=Change")).ParseAsync();
        Assert.Equal("Choisissez un service.", refused.FieldError($"service-{agent.Id}"));
    }

    [Fact]
    public async Task An_administrator_resets_a_colleague_s_second_factor_who_sets_it_up_at_the_next_sign_in()
    {
        var colleague = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var admin = await SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var page = await admin.GetPageAsync("/staff/admin/users");
        var done = await RowActionAsync(admin, page, "ResetTwoFactor", new() { ["id"] = colleague.Id });
        Assert.StartsWith("Les deux étapes de", (await admin.GetPageAsync(done.Target())).QuerySelector(".notice")!.TextContent);

        // The old key no longer counts: a password alone, then the setup page.
        Assert.Equal(TwoFactorSetup.SetupPath, await App.Browser("fr").SignInAsync(colleague with { TotpKey = null }));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.TwoFactorReset));
        Assert.Equal(colleague.Email, audit.Details);
    }

    [Fact]
    public async Task A_commune_administrator_cannot_deactivate_themselves_nor_touch_another_commune_s_member()
    {
        var me = await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true);
        var other = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var admin = await SignedInAsync(me);
        var page = await admin.GetPageAsync("/staff/admin/users");
        Assert.Null(page.QuerySelector($"tr[data-email='{me.Email}'] form[action*='Active']"));

        var self = await (await RowActionAsync(admin, page, "Active", new() { ["id"] = me.Id, ["active"] = "false" })).ParseAsync();
        Assert.Equal("Vous ne pouvez pas faire ce changement sur votre propre compte.", self.FieldError($"active-{me.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await RowActionAsync(admin, page, "Active", new() { ["id"] = other.Id, ["active"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RowActionAsync(admin, page, "ResetTwoFactor", new() { ["id"] = other.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RowActionAsync(admin, page, "Change", new() { ["id"] = other.Id, ["role"] = Roles.Observer })).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Users.AllAsync(u => u.DeactivatedAt == null)));
    }

    [Fact]
    public async Task A_cell_member_posting_a_change_is_sent_to_the_denied_page()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var target = await App.CreateAsync(Roles.Observer, "kenitra");
        var browser = await SignedInAsync(cell);
        var account = await browser.GetPageAsync("/staff/account");
        var response = await browser.PostFormAsync("/staff/admin/users?handler=Active", account, new Dictionary<string, string> { ["id"] = target.Id, ["active"] = "false" });
        Assert.StartsWith("/staff/denied", response.Target());
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.DeactivatedAt == null).SingleAsync()));
    }

    public sealed class OnSqlite() : StaffLifecyclePagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffLifecyclePagesTests(DatabaseKind.Postgres);
}
