using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Notifications;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Privacy;

// Loi 09-08: from the complaint's page a citizen asks to see, correct or erase their personal data; the commune's
// administrators read it on their screen, answer within its deadline, and the answer reaches the citizen.
public abstract class RightsRequestTests(DatabaseKind kind) : AppTest(kind)
{
    async Task<(HttpClient Citizen, IDocument Page, Filed Filed)> OpenTrackAsync(string language = "fr")
    {
        var filed = await App.FileAsync(language: language, email: "amina@example.test");
        var citizen = App.Browser(language);
        var form = await citizen.GetPageAsync("/track");
        var opened = await citizen.PostFormAsync("/track", form,
            new Dictionary<string, string> { ["Reference"] = filed.Complaint.Reference, ["Code"] = filed.AccessCode });
        return (citizen, await citizen.GetPageAsync(opened.Headers.Location!.OriginalString), filed);
    }

    static async Task<IDocument> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_correction_goes_from_the_citizens_page_to_the_administrators_answer_and_back_to_the_new_address()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var (citizen, page, filed) = await OpenTrackAsync();
        var reference = filed.Complaint.Reference;

        page = await FollowAsync(citizen, await citizen.SubmitAsync(page, "#rights form", new Dictionary<string, string>
        {
            ["RightsKind"] = "Correct", ["RightsText"] = "Mon adresse e-mail a changé : amina.new@example.test",
        }));
        Assert.Contains("Votre demande est enregistrée", page.QuerySelector("#rights [role=status]")!.TextContent);
        // Filed on 10 March: answered by 9 April at the latest.
        Assert.Contains("09/04/2026", page.QuerySelector("#rights .rights-request")!.TextContent);
        var told = await App.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Event == NotificationEvent.RightsRequested));
        Assert.Equal(admin.Email, told.Recipient);
        Assert.Contains("amina.new@example.test", told.Body);

        var screen = await App.StaffBrowserAsync(admin);
        var rights = await screen.GetPageAsync("/staff/admin/rights");
        var request = rights.QuerySelector(".rights-request")!;
        Assert.Contains(reference, request.TextContent);
        Assert.Contains("amina@example.test", request.QuerySelector("dl.held")!.TextContent);
        rights = await FollowAsync(screen, await screen.SubmitAsync(rights, ".rights-request form", new Dictionary<string, string>
        {
            ["Input.Email"] = "amina.new@example.test", ["Input.Answer"] = "Votre adresse e-mail est corrigée.",
        }));
        Assert.Contains("Réponse enregistrée", rights.QuerySelector("[role=status]")!.TextContent);
        Assert.Empty(rights.QuerySelectorAll(".rights-request"));

        var complaint = await App.WithDbAsync(db => db.Complaints.SingleAsync(c => c.Reference == reference));
        Assert.Equal("amina.new@example.test", complaint.Complainant.Email);
        var answer = await App.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Event == NotificationEvent.RightsAnswered && m.Channel == NotificationChannel.Email));
        Assert.Equal("amina.new@example.test", answer.Recipient);
        Assert.Contains("Votre adresse e-mail est corrigée.", answer.Body);
        var actions = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.ComplaintId == complaint.Id).Select(a => new { a.Action, a.Details }).ToListAsync());
        Assert.Contains(actions, a => a.Action == AuditActions.RightsRequested && a.Details == "correct");
        Assert.Contains(actions, a => a.Action == AuditActions.ContactCorrected && a.Details == "email");
        Assert.Contains(actions, a => a.Action == AuditActions.RightsAnswered);
        // The log names the fields corrected, never their values.
        Assert.DoesNotContain(actions, a => a.Details != null && a.Details.Contains("amina.new"));

        page = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Equal("Votre adresse e-mail est corrigée.", page.QuerySelector("#rights .rights-answer")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_erasure_answered_by_the_administrator_anonymises_the_complaint_and_the_answer_still_leaves()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var (citizen, page, filed) = await OpenTrackAsync("ar");
        await FollowAsync(citizen, await citizen.SubmitAsync(page, "#rights form", new Dictionary<string, string> { ["RightsKind"] = "Erase" }));

        var screen = await App.StaffBrowserAsync(admin);
        var rights = await screen.GetPageAsync("/staff/admin/rights");
        await FollowAsync(screen, await screen.SubmitAsync(rights, ".rights-request form", new Dictionary<string, string>
        {
            ["Input.Erase"] = "true", ["Input.Answer"] = "تم حذف معطياتكم.",
        }));

        var complaint = await App.WithDbAsync(db => db.Complaints.SingleAsync(c => c.Id == filed.Complaint.Id));
        Assert.NotNull(complaint.AnonymizedAt);
        Assert.Null(complaint.Complainant.Email);
        var messages = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.ComplaintId == complaint.Id).ToListAsync());
        var answer = Assert.Single(messages, m => m.Event == NotificationEvent.RightsAnswered && m.Channel == NotificationChannel.Email);
        Assert.Equal(("amina@example.test", OutboxStatus.Pending), (answer.Recipient, answer.Status));
        Assert.Contains("تم حذف معطياتكم.", answer.Body);
        Assert.All(messages.Where(m => m.Id != answer.Id && m.Channel == NotificationChannel.Email && m.Event != NotificationEvent.RightsRequested),
            m => Assert.Equal("—", m.Recipient));
    }

    [Fact]
    public async Task A_request_without_its_kind_or_a_correction_without_what_to_correct_is_refused_in_the_citizens_language()
    {
        var (citizen, page, filed) = await OpenTrackAsync("ar");
        var refused = await (await citizen.SubmitAsync(page, "#rights form", new Dictionary<string, string> { ["RightsText"] = "شيء ما" })).ParseAsync();
        Assert.Equal("اختاروا ما تطلبونه: الاطلاع على معطياتكم أو تصحيحها أو حذفها.", refused.FieldError("RightsKind"));
        Assert.Equal("شيء ما", refused.QuerySelector("#RightsText")!.TextContent);
        refused = await (await citizen.SubmitAsync(refused, "#rights form", new Dictionary<string, string> { ["RightsKind"] = "Correct", ["RightsText"] = "" })).ParseAsync();
        Assert.Equal("بينوا ما يجب تصحيحه.", refused.FieldError("RightsText"));
        Assert.Equal(0, await App.WithDbAsync(db => db.RightsRequests.CountAsync()));

        // Without the code, nothing is asked.
        var stranger = App.Browser("fr");
        var form = await stranger.GetPageAsync("/track");
        var response = await stranger.PostFormAsync($"/track/{filed.Complaint.Reference}?handler=Rights", form, new Dictionary<string, string> { ["RightsKind"] = "Erase" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_communes_own_administrators_read_and_answer_its_requests()
    {
        var (citizen, page, _) = await OpenTrackAsync();
        await FollowAsync(citizen, await citizen.SubmitAsync(page, "#rights form", new Dictionary<string, string> { ["RightsKind"] = "See" }));
        var id = await App.WithDbAsync(db => db.RightsRequests.Select(r => r.Id).SingleAsync());

        var elsewhere = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "safi", twoFactor: true));
        var list = await elsewhere.GetPageAsync("/staff/admin/rights");
        Assert.Empty(list.QuerySelectorAll(".rights-request"));
        // A token from one of their own forms, as a tampered page would carry.
        var account = await elsewhere.GetPageAsync("/staff/account");
        var answer = await elsewhere.PostFormAsync($"/staff/admin/rights?handler=Answer&id={id}", account,
            new Dictionary<string, string> { ["Input.Answer"] = "Non." });
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var denied = await cell.GetAsync("/staff/admin/rights");
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), denied.Headers.Location!).AbsolutePath);
        Assert.Equal(RightsStatus.Open, await App.WithDbAsync(db => db.RightsRequests.Select(r => r.Status).SingleAsync()));
    }

    public sealed class OnSqlite() : RightsRequestTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : RightsRequestTests(DatabaseKind.Postgres);
}
