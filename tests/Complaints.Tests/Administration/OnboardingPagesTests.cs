using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Administration;

// On a platform with no demo data, the platform administrator opens a commune and its people bring it to its first
// answered complaint through the pages alone, as browsers would: every form is the page's own, every invitation is read
// from the mail a real SMTP server received, every sign-in goes through /staff/login.
public abstract class OnboardingPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Chosen = "Cedar-snow-terrace-26";
    const string AdminEmail = "admin@ifrane.example";
    const string CellEmail = "cellule@ifrane.example";
    const string AgentEmail = "voirie@ifrane.example";
    const string Answer = "La fuite a été réparée par le service de la voirie le 12 mars.";

    readonly int smtpPort = SmtpTestServer.FreePort();
    SmtpTestServer smtp = null!;
    int delivered;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Seed:Demo"] = "false",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Plateforme <no-reply@communes.example>",
    };

    protected override bool Seeded => false;

    public override async Task InitializeAsync()
    {
        smtp = await SmtpTestServer.StartAsync(smtpPort);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_platform_administrator_brings_a_new_commune_to_its_first_answered_complaint()
    {
        var platform = App.Browser("fr");
        var first = await App.PlatformAdminAsync();
        Assert.Equal("/staff", await SignInAsync(platform, first.Email, first.Password, await first.CodeAsync()));
        await OpenCommuneAsync(platform);
        await InviteAsync(platform, "/staff/admin/users?commune=ifrane", AdminEmail, Roles.CommuneAdmin);

        var admin = await AcceptInvitationAsync(AdminEmail);
        await SetUpTwoFactorAsync(admin);
        await InviteAsync(admin, "/staff/admin/users", CellEmail, Roles.ComplaintsCell);
        await InviteAsync(admin, "/staff/admin/users", AgentEmail, Roles.ServiceAgent, "voirie");
        var cell = await AcceptInvitationAsync(CellEmail);
        var agent = await AcceptInvitationAsync(AgentEmail);
        await AddCategoryWithQuestionAsync(admin);
        var key = await IssueKeyAsync(admin);

        var citizen = App.Browser("fr");
        var (reference, code) = await FileOnTheWebAsync(citizen);
        var fromApplication = await FileThroughOpen311Async(key);
        await SeeBothAnswersAsync(cell, reference, fromApplication);

        await AnswerAsync(cell, agent, reference);
        await TrackAsync(citizen, reference, code);
    }

    // 1. The platform administrator opens the commune with the standard set of services and categories.
    static async Task OpenCommuneAsync(HttpClient platform)
    {
        var page = await platform.GetPageAsync("/staff/admin/communes");
        Assert.Empty(page.QuerySelectorAll("tr[data-code]"));
        var created = await platform.SubmitAsync(page, "#create-form", new Dictionary<string, string>
        {
            ["New.Code"] = "ifrane", ["New.NameFr"] = "Ifrane", ["New.NameAr"] = "إفران", ["New.ReferencePrefix"] = "IFR",
            ["New.ContactEmail"] = "contact@ifrane.example", ["New.Template"] = "standard",
        });
        var list = await platform.GetPageAsync(created.Target());
        Assert.Equal("Commune Ifrane créée.", Notice(list));
        var row = list.QuerySelector("tr[data-code=ifrane]")!;
        Assert.Equal("Active", row.QuerySelector(".state")!.TextContent.Trim());
        Assert.Equal("إفران", row.QuerySelector("td[lang=ar]")!.TextContent);
    }

    // 2 and 4. An administrator invites someone: no password given, so the account waits for an invitation.
    static async Task InviteAsync(HttpClient browser, string usersPage, string email, string role, string service = "")
    {
        var page = await browser.GetPageAsync(usersPage);
        // The form has no action: a browser posts it back to the page it is on.
        var sent = await browser.SubmitAsync(page, "form.card", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Role"] = role, ["Input.Service"] = service, ["Input.Password"] = "",
        }, usersPage);
        var list = await browser.GetPageAsync(sent.Target());
        Assert.Equal($"Une invitation a été envoyée à {email}.", Notice(list));
        Assert.Equal("Invité, mot de passe à choisir", list.QuerySelector($"tr[data-email='{email}'] .state")!.TextContent.Trim());
    }

    // 3. The invitation arrives by mail; its link lets the person choose a password, then sign in.
    async Task<HttpClient> AcceptInvitationAsync(string email)
    {
        var link = await InvitationLinkAsync(email);
        var browser = App.Browser("fr");
        var chosen = await browser.SubmitAsync(await browser.GetPageAsync(link), "form",
            new Dictionary<string, string> { ["Password"] = Chosen, ["Confirm"] = Chosen }, link);
        Assert.Equal("/staff/login", chosen.Target());
        Assert.Equal("Votre mot de passe est enregistré. Connectez-vous.", Notice(await browser.GetPageAsync("/staff/login")));
        var landing = await SignInAsync(browser, email, Chosen);
        // An administrator must set up a second factor first; everyone else reaches the inbox.
        Assert.Equal(email == AdminEmail ? "/staff/account" : "/staff", landing);
        return browser;
    }

    // The outbox sends what is due, as its worker would, and the SMTP server receives it.
    async Task<string> InvitationLinkAsync(string email)
    {
        delivered += (await App.SendOutboxAsync()).Sent;
        var received = await smtp.WaitForAsync(delivered);
        var mail = Assert.Single(received, m => m.To.Mailboxes.Single().Address == email);
        Assert.Contains(" | ", mail.Subject);
        var link = Regex.Match(mail.TextBody!, @"https?://\S+/staff/invitation\?\S+");
        Assert.True(link.Success, mail.TextBody);
        return new Uri(link.Value).PathAndQuery;
    }

    // 3. The commune administrator is sent to the account page until an authenticator app is set up with the key shown.
    async Task SetUpTwoFactorAsync(HttpClient admin)
    {
        Assert.Equal("/staff/account", (await admin.GetAsync("/staff/admin/users")).Target());
        var account = await admin.GetPageAsync("/staff/account");
        Assert.StartsWith("Votre rôle exige la vérification en deux étapes", account.QuerySelector(".notice.warning")!.TextContent);
        var key = account.QuerySelector(".shared-key")!.TextContent;
        var enabled = await admin.SubmitAsync(account, "form[action*='handler=Enable']",
            new Dictionary<string, string> { ["Setup.Code"] = Totp.Code(key, App.Clock.GetUtcNow()) });
        var done = await admin.GetPageAsync(enabled.Target());
        Assert.Equal("La vérification en deux étapes est activée.", Notice(done));
        Assert.NotEmpty(done.QuerySelectorAll(".recovery-codes li"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/staff/admin/users")).StatusCode);
    }

    // 5. A category of its own, routed to the road service, with a required question whose answer is one of two places.
    static async Task AddCategoryWithQuestionAsync(HttpClient admin)
    {
        var categories = await admin.GetPageAsync("/staff/admin/categories");
        var saved = await admin.SubmitAsync(categories, "#item-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "fuite-eau", ["Input.NameFr"] = "Fuite d'eau", ["Input.NameAr"] = "تسرب الماء",
            ["Input.DescriptionFr"] = "Conduite percée, eau qui coule sur la voie publique.",
            ["Input.DescriptionAr"] = "قناة مثقوبة، ماء يسيل في الطريق العمومي.", ["Input.Service"] = "voirie",
        });
        var list = await admin.GetPageAsync(saved.Target());
        Assert.Equal("Modifications enregistrées : Fuite d'eau.", Notice(list));
        var row = list.QuerySelector("tr[data-code=fuite-eau]")!;
        Assert.Equal("Service de la voirie", row.QuerySelector(".service")!.TextContent);

        var questionsUrl = row.QuerySelector("td.questions a")!.GetAttribute("href")!;
        Assert.Equal("/staff/admin/questions?commune=ifrane&category=fuite-eau", questionsUrl);
        var questions = await admin.GetPageAsync(questionsUrl);
        var added = await admin.SubmitAsync(questions, "#question-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "lieu", ["Input.LabelFr"] = "Où se trouve la fuite ?", ["Input.LabelAr"] = "أين يوجد التسرب؟",
            ["Input.Kind"] = "choice", ["Input.Choices"] = "chaussee | Sur la chaussée | في الطريق\ntrottoir | Sur le trottoir | على الرصيف",
            ["Input.Required"] = "true",
        });
        var withQuestion = await admin.GetPageAsync(added.Target());
        Assert.Equal("La question lieu a été ajoutée.", Notice(withQuestion));
        Assert.Equal("Oui", withQuestion.QuerySelector("tr[data-code=lieu] .required")!.TextContent);
    }

    // 6. An Open311 key for the commune's mobile application, shown once on the answer to the form.
    static async Task<string> IssueKeyAsync(HttpClient admin)
    {
        var page = await admin.GetPageAsync("/staff/admin/api-keys");
        Assert.Contains("Aucune clé pour cette commune.", page.Body!.TextContent);
        var issued = await (await admin.SubmitAsync(page, "#issue-form",
            new Dictionary<string, string> { ["Name"] = "Application mobile d'Ifrane" })).ParseAsync();
        Assert.Equal("Clé « Application mobile d'Ifrane » créée", issued.QuerySelector(".issued h2")!.TextContent);
        Assert.Equal("Jamais", issued.QuerySelector("table.api-keys .last-used")!.TextContent);
        return issued.QuerySelector("code.api-key")!.TextContent;
    }

    // 7. A citizen files on the commune's page, answering its question; the receipt gives the reference and access code.
    static async Task<(string Reference, string Code)> FileOnTheWebAsync(HttpClient citizen)
    {
        var form = await citizen.GetPageAsync("/ifrane/file");
        var question = form.QuerySelector("fieldset[data-questions-for=fuite-eau] select")!;
        Assert.Equal("Où se trouve la fuite ?", form.QuerySelector($"label[for='{question.Id}']")!.TextContent);
        var filed = await citizen.SubmitAsync(form, "form[enctype='multipart/form-data']", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Complaint", ["Input.Category"] = "fuite-eau", [question.GetAttribute("name")!] = "trottoir",
            ["Input.Description"] = "De l'eau coule sur le trottoir devant la poste depuis trois jours.",
            ["Input.District"] = "d1", ["Input.Address"] = "Avenue de la poste",
            ["Input.FirstName"] = "Amina", ["Input.LastName"] = "Alaoui", ["Input.Email"] = "amina@example.test",
        }, "/ifrane/file");
        Assert.Equal("/receipt/IFR-2026-000001", filed.Target());
        var receipt = await citizen.GetPageAsync(filed.Target());
        return (receipt.QuerySelector(".reference")!.TextContent, receipt.QuerySelector(".secret")!.TextContent);
    }

    // 7. The commune's application files through Open311 with the key, answering the question as an attribute.
    async Task<string> FileThroughOpen311Async(string key)
    {
        using var client = App.CreateClient();
        var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["jurisdiction_id"] = "ifrane", ["service_code"] = "fuite-eau",
            ["description"] = "Une conduite fuit au milieu de la chaussée, rue des cèdres.", ["address_string"] = "Rue des cèdres",
            ["email"] = "youssef@example.test", ["attribute[lieu]"] = "chaussee",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var filed = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        return filed.GetProperty("service_request_id").GetString()!;
    }

    // 7. The cell finds both in its inbox, each with the answer to the commune's question.
    static async Task SeeBothAnswersAsync(HttpClient cell, string web, string application)
    {
        var inbox = await cell.GetPageAsync("/staff");
        foreach (var (reference, channel, place) in new[] { (web, "Site web", "Sur le trottoir"), (application, "Application", "Sur la chaussée") })
        {
            var link = inbox.QuerySelector($"a.reference[href='/staff/complaints/{reference}']");
            Assert.True(link is not null, $"{reference} is not in the cell's inbox");
            var page = await cell.GetPageAsync(link!.GetAttribute("href")!);
            Assert.Equal(channel, page.QuerySelector(".channel")!.TextContent);
            Assert.Equal("Fuite d'eau", page.QuerySelector(".category")!.TextContent);
            Assert.Equal("Où se trouve la fuite ?", page.QuerySelector(".answers dt")!.TextContent);
            Assert.Equal(place, page.QuerySelector(".answers dd[data-code=lieu]")!.TextContent);
        }
    }

    // 8. The cell qualifies the complaint (it goes to the category's service), the road agent starts it and proposes the
    // definitive answer, and the cell sends it as proposed.
    static async Task AnswerAsync(HttpClient cell, HttpClient agent, string reference)
    {
        var url = $"/staff/complaints/{reference}";
        var qualified = await MoveAsync(cell, url, "#qualify");
        Assert.Equal("Plainte déclarée recevable et transmise au service.", Notice(qualified));
        Assert.Equal("Transmise au service compétent", Status(qualified));
        Assert.Equal("Service de la voirie", qualified.QuerySelector("dd.service")!.TextContent);

        Assert.NotNull((await agent.GetPageAsync("/staff")).QuerySelector($"a.reference[href='{url}']"));
        var started = await MoveAsync(agent, url, "#start");
        Assert.Equal("Traitement commencé.", Notice(started));
        Assert.Equal("En cours de traitement", Status(started));
        var proposed = await MoveAsync(agent, url, "#propose",
            new Dictionary<string, string> { ["Input.Proposal"] = Answer, ["Input.ProposalDefinitive"] = "true" });
        Assert.Equal("Réponse proposée à la cellule.", Notice(proposed));

        // The cell's answer form starts from the proposal: sending it as it stands accepts it.
        var review = await cell.GetPageAsync(url);
        Assert.Equal(Answer, review.QuerySelector("#Input_Response")!.TextContent);
        Assert.True(review.QuerySelector("#respond input[name='Input.Definitive'][type=checkbox]")!.HasAttribute("checked"));
        var answered = await MoveAsync(cell, url, "#respond");
        Assert.Equal("Réponse définitive envoyée au citoyen.", Notice(answered));
        Assert.Equal("Réponse définitive envoyée", Status(answered));
    }

    // A move submitted from the complaint page as it stands now; answers the page the browser is sent back to.
    static async Task<IDocument> MoveAsync(HttpClient browser, string url, string form, Dictionary<string, string>? values = null)
    {
        var response = await browser.SubmitAsync(await browser.GetPageAsync(url), form, values);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{form}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await browser.GetPageAsync(response.Target());
    }

    // 8. The citizen opens the complaint with the reference and the code from the receipt and reads the answer.
    static async Task TrackAsync(HttpClient citizen, string reference, string code)
    {
        var form = await citizen.GetPageAsync("/track");
        var opened = await citizen.SubmitAsync(form, "form.card", new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code }, "/track");
        var track = await citizen.GetPageAsync(opened.Target());
        Assert.Equal("Réponse définitive envoyée", Status(track));
        Assert.Contains(track.QuerySelectorAll(".timeline .description"), p => p.TextContent == Answer);
        Assert.Equal("Sur le trottoir", track.QuerySelector(".answers dd[data-code=lieu]")!.TextContent);
    }

    // Signs in through /staff/login, with the TOTP step when the person has a key; answers where they are sent.
    static async Task<string> SignInAsync(HttpClient browser, string email, string password, string? code = null)
    {
        var response = await browser.PostLoginAsync(email, password);
        if (code is not null)
            response = await browser.PostCodeAsync(response.Target(), code);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Target();
    }

    static string Notice(IDocument page) => page.QuerySelector("p.notice[role=status]")?.TextContent ?? "(no notice)";

    static string Status(IDocument page) => page.QuerySelector(".status")!.TextContent;

    public sealed class OnSqlite() : OnboardingPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : OnboardingPagesTests(DatabaseKind.Postgres);
}
