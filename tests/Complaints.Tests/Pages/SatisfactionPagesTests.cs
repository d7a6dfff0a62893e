using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages;

// After a definitive response the citizen says whether it satisfies them and may contest it, from the track page.
public abstract class SatisfactionPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Reason = "La route n'est toujours pas réparée devant l'école.";

    async Task<IDocument> TrackAsync(HttpClient client, Filed filed)
    {
        var form = await client.GetPageAsync("/track");
        var response = await client.PostFormAsync("/track", form,
            new Dictionary<string, string> { ["Reference"] = filed.Complaint.Reference, ["Code"] = filed.AccessCode });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    static Task<HttpResponseMessage> RateAsync(HttpClient client, IDocument page, string reference, string? satisfied, string comment = "") =>
        client.PostFormAsync($"/track/{reference}?handler=Rate", page, satisfied is null
            ? new Dictionary<string, string> { ["Comment"] = comment }
            : new Dictionary<string, string> { ["Satisfied"] = satisfied, ["Comment"] = comment });

    static Task<HttpResponseMessage> ContestAsync(HttpClient client, IDocument page, string reference, string reason) =>
        client.PostFormAsync($"/track/{reference}?handler=Contest", page, new Dictionary<string, string> { ["ContestReason"] = reason });

    static async Task<IDocument> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    // Filed on the web, routed to its category's service (voirie) and answered definitively.
    async Task<Filed> AnsweredAsync(string language = "fr")
    {
        var filed = await App.FileAsync(language: language);
        await App.QualifyAsync(filed.Complaint.Reference);
        await AnswerAsync(filed.Complaint.Reference, "La voirie a rebouché le nid-de-poule.");
        return filed;
    }

    Task<Complaint> AnswerAsync(string reference, string text) =>
        App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, text, true, CancellationToken.None));

    Task<Complaint> ReloadAsync(Filed filed) =>
        App.WithDbAsync(db => db.Complaints.Include(c => c.Timeline).SingleAsync(c => c.Id == filed.Complaint.Id));

    [Fact]
    public async Task A_citizen_rates_the_answer_once_and_staff_read_it_on_the_complaint_screen_and_in_the_api()
    {
        var filed = await AnsweredAsync();
        var reference = filed.Complaint.Reference;
        var citizen = App.Browser("fr");
        var page = await TrackAsync(citizen, filed);
        Assert.Contains("Êtes-vous satisfait de la réponse de la commune ?", page.QuerySelector("#satisfaction legend")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("#satisfaction input[name=Satisfied]").Length);

        page = await FollowAsync(citizen, await RateAsync(citizen, page, reference, "true", "Merci, c'est réparé et propre."));
        Assert.Contains("Votre avis est enregistré", page.QuerySelector("#satisfaction [role=status]")!.TextContent);
        Assert.Contains("Vous êtes satisfait de la réponse.", page.QuerySelector("#satisfaction .rating")!.TextContent);
        Assert.Contains("Merci, c'est réparé et propre.", page.QuerySelector("#satisfaction .rating-comment")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("input[name=Satisfied]"));

        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var screen = await (await App.StaffBrowserAsync(cell)).GetPageAsync($"/staff/complaints/{reference}");
        Assert.Equal("Satisfait", screen.QuerySelector(".satisfaction .rating")!.TextContent.Trim());
        Assert.Equal("Merci, c'est réparé et propre.", screen.QuerySelector(".satisfaction .rating-comment")!.TextContent.Trim());
        Assert.Equal("09/04/2026", screen.QuerySelector(".satisfaction .contest-until")!.TextContent.Trim());

        var detail = await (await App.ApiAsync(cell)).GetFromJsonAsync<JsonElement>($"/api/v1/complaints/{reference}");
        var satisfaction = detail.GetProperty("satisfaction");
        Assert.True(satisfaction.GetProperty("satisfied").GetBoolean());
        Assert.Equal("Merci, c'est réparé et propre.", satisfaction.GetProperty("comment").GetString());
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, satisfaction.GetProperty("at").GetDateTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(JsonValueKind.String, detail.GetProperty("definitiveAt").ValueKind);

        // The same answer is rated once: a second post (an old tab) is refused and changes nothing.
        var again = await RateAsync(citizen, page, reference, "false", "Finalement non.");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Vous avez déjà donné votre avis sur cette réponse", (await again.ParseAsync()).QuerySelector(".refusal")!.TextContent);
        var saved = await ReloadAsync(filed);
        Assert.True(saved.Satisfied);
        Assert.Equal("Merci, c'est réparé et propre.", saved.SatisfactionComment);
        Assert.Single(saved.Timeline, t => t.Kind is TimelineKind.RatedSatisfied or TimelineKind.RatedDissatisfied);
        // The rating is in the audit log like every move on a complaint, once.
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.ComplaintId == saved.Id && a.Action == AuditActions.Rated));
        Assert.Equal(("citizen", "satisfied"), (audit.Actor, audit.Details));
    }

    [Fact]
    public async Task A_contested_answer_goes_back_to_its_service_with_a_new_due_date_and_its_new_answer_is_rated_again()
    {
        var filed = await AnsweredAsync();
        var reference = filed.Complaint.Reference;
        var citizen = App.Browser("fr");
        var page = await TrackAsync(citizen, filed);
        page = await FollowAsync(citizen, await RateAsync(citizen, page, reference, "false", "Travail mal fait."));
        Assert.Contains("Vous n'êtes pas satisfait de la réponse.", page.QuerySelector("#satisfaction .rating")!.TextContent);
        Assert.Contains("jusqu'au 09/04/2026", page.QuerySelector("#contest")!.TextContent);

        App.Clock.Advance(TimeSpan.FromDays(15));
        page = await FollowAsync(citizen, await ContestAsync(citizen, page, reference, Reason));
        Assert.Equal("Transmise au service compétent", page.QuerySelector(".status")!.TextContent);
        // A contested complaint is owed a new answer within the full 60 days, counted from the contest (25 March).
        Assert.Contains("au plus tard le 24/05/2026", page.QuerySelector("#contested")!.TextContent);
        Assert.Contains("24/05/2026", page.QuerySelector(".facts")!.TextContent);
        var entry = page.QuerySelectorAll(".timeline li").First(li => li.TextContent.Contains("Réponse contestée"));
        Assert.Contains(Reason, entry.TextContent);
        Assert.Null(page.QuerySelector("#contest"));
        Assert.Null(page.QuerySelector("input[name=Satisfied]"));

        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Assigned, saved.Status);
        var roads = await App.WithDbAsync(db => db.Services.SingleAsync(x => x.CommuneId == saved.CommuneId && x.Code == "voirie"));
        Assert.Equal(roads.Id, saved.ServiceId);
        Assert.Equal(new DateOnly(2026, 5, 24), saved.ResponseDueOn);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.ComplaintId == saved.Id && a.Action == AuditActions.Contested));
        Assert.Equal("citizen", audit.Actor);
        Assert.Null(audit.UserId);
        Assert.Equal("assigned", audit.Details);

        // The road service finds it in its inbox, reads why, and treats it again.
        var agent = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie"));
        var inbox = await agent.GetPageAsync("/staff");
        Assert.Contains(reference, inbox.QuerySelectorAll("table.inbox a.reference").Select(a => a.TextContent.Trim()));
        var screen = await agent.GetPageAsync($"/staff/complaints/{reference}");
        var contested = screen.QuerySelectorAll(".staff-timeline li").Single(li => li.TextContent.Contains("Contestée par le citoyen"));
        Assert.Contains(Reason, contested.TextContent);
        Assert.Equal("24/05/2026", screen.QuerySelector(".deadline bdi")!.TextContent);
        screen = await FollowAsync(agent, await agent.SubmitAsync(screen, "#start"));
        Assert.Equal(ComplaintStatus.InProgress, (await ReloadAsync(filed)).Status);

        // The new definitive answer is the citizen's to rate, and contest, again.
        App.Clock.Advance(TimeSpan.FromDays(3));
        await AnswerAsync(reference, "Le revêtement a été refait entièrement.");
        page = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Equal(2, page.QuerySelectorAll("#satisfaction input[name=Satisfied]").Length);
        Assert.Contains("jusqu'au 27/04/2026", page.QuerySelector("#contest")!.TextContent);
        page = await FollowAsync(citizen, await RateAsync(citizen, page, reference, "true"));
        Assert.Contains("Vous êtes satisfait de la réponse.", page.QuerySelector("#satisfaction .rating")!.TextContent);
        saved = await ReloadAsync(filed);
        Assert.True(saved.Satisfied);
        Assert.Null(saved.SatisfactionComment);
        Assert.Equal(2, saved.Timeline.Count(t => t.Kind is TimelineKind.RatedSatisfied or TimelineKind.RatedDissatisfied));
    }

    [Fact]
    public async Task A_contest_is_acknowledged_to_the_citizen_and_told_to_the_cell_and_the_service()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie");
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", "proprete");
        var filed = await AnsweredAsync();
        var reference = filed.Complaint.Reference;
        var citizen = App.Browser("fr");
        var page = await TrackAsync(citizen, filed);
        var before = await App.WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).MaxAsync());

        App.Clock.Advance(TimeSpan.FromDays(5));
        await FollowAsync(citizen, await ContestAsync(citizen, page, reference, Reason));

        var messages = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id > before).ToListAsync());
        var acknowledged = Assert.Single(messages, m => m.Event == NotificationEvent.Reopened && m.Channel == NotificationChannel.Email);
        Assert.Single(messages, m => m.Event == NotificationEvent.Reopened && m.Channel == NotificationChannel.Sms);
        Assert.Equal(filed.Complaint.Complainant.Email, acknowledged.Recipient);
        Assert.Contains(Reason, acknowledged.Body);
        // Contested on 15 March: a new answer is owed within 60 days.
        Assert.Contains("14/05/2026", acknowledged.Body);
        var told = messages.Where(m => m.Event == NotificationEvent.Contested).Select(m => m.Recipient).Order().ToList();
        Assert.Equal(new[] { agent.Email, cell.Email }.Order(), told);
        Assert.All(messages.Where(m => m.Event == NotificationEvent.Contested), m => Assert.Contains(Reason, m.Body));
    }

    [Fact]
    public async Task A_rejection_is_rated_and_contested_and_goes_back_to_the_cell()
    {
        var filed = await App.FileAsync(language: "ar");
        var reference = filed.Complaint.Reference;
        await App.MoveAsync(reference, (a, s) => a.QualifyAsync(s, reference, null, false, null, "outside_remit", null, CancellationToken.None));
        var citizen = App.Browser("ar");
        var page = await TrackAsync(citizen, filed);
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("هل أنتم راضون عن جواب الجماعة؟", page.QuerySelector("#satisfaction legend")!.TextContent);
        page = await FollowAsync(citizen, await RateAsync(citizen, page, reference, "false", "الأمر من اختصاص الجماعة"));
        Assert.Contains("أنتم غير راضين عن الجواب.", page.QuerySelector("#satisfaction .rating")!.TextContent);
        Assert.Equal("auto", page.QuerySelector("#satisfaction .rating-comment")!.GetAttribute("dir"));

        page = await FollowAsync(citizen, await ContestAsync(citizen, page, reference, "الطريق تابعة للجماعة وليس للإقليم."));
        Assert.Equal("أعيد فتحها", page.QuerySelector(".status")!.TextContent);
        Assert.Contains("الطريق تابعة للجماعة", page.QuerySelector(".timeline")!.TextContent);
        Assert.Contains("تم الاعتراض على الجواب", page.QuerySelector(".timeline")!.TextContent);

        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Reopened, saved.Status);
        Assert.Null(saved.RejectionReason);
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var browser = await App.StaffBrowserAsync(cell);
        var inbox = await browser.GetPageAsync("/staff");
        Assert.Contains(reference, inbox.QuerySelectorAll("table.inbox a.reference").Select(a => a.TextContent.Trim()));
        var screen = await browser.GetPageAsync($"/staff/complaints/{reference}");
        Assert.NotNull(screen.QuerySelector("form#assign"));
        Assert.Equal("Non satisfait", screen.QuerySelector(".satisfaction .rating")!.TextContent.Trim());

        var detail = await (await App.ApiAsync(cell)).GetFromJsonAsync<JsonElement>($"/api/v1/complaints/{reference}");
        Assert.Equal("reopened", detail.GetProperty("status").GetString());
        var contest = detail.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "contested");
        Assert.Equal("citizen", contest.GetProperty("actor").GetString());
        Assert.Equal("الطريق تابعة للجماعة وليس للإقليم.", contest.GetProperty("text").GetString());
        Assert.True(contest.GetProperty("visibleToCitizen").GetBoolean());
        Assert.False(detail.GetProperty("satisfaction").GetProperty("satisfied").GetBoolean());
    }

    [Fact]
    public async Task The_contest_period_ends_after_the_communes_days_and_a_late_contest_is_refused()
    {
        var filed = await AnsweredAsync();
        var reference = filed.Complaint.Reference;
        var citizen = App.Browser("fr");

        // Answered on 10 March; 30 days later, on 9 April, it may still be contested.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 9, 12, 0, 0, TimeSpan.Zero));
        var page = await TrackAsync(citizen, filed);
        Assert.Contains("jusqu'au 09/04/2026", page.QuerySelector("#contest")!.TextContent);

        App.Clock.Advance(TimeSpan.FromDays(1));
        var late = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Null(late.QuerySelector("#contest"));
        Assert.Equal("Le délai pour contester cette réponse a pris fin le 09/04/2026.", late.QuerySelector("#contest-ended")!.TextContent);

        // The form still open in another tab is refused with the same words.
        var refused = await ContestAsync(citizen, page, reference, Reason);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("a pris fin le 09/04/2026", (await refused.ParseAsync()).QuerySelector(".refusal")!.TextContent);
        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Answered, saved.Status);
        Assert.DoesNotContain(saved.Timeline, t => t.Kind == TimelineKind.Contested);
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Contested)));

        // Rating has no deadline: the citizen may still say what they think.
        Assert.NotNull(late.QuerySelector("#satisfaction input[name=Satisfied]"));
    }

    [Fact]
    public async Task A_complaint_not_yet_answered_can_be_neither_rated_nor_contested()
    {
        var filed = await App.FileAsync();
        await App.QualifyAsync(filed.Complaint.Reference);
        var citizen = App.Browser("fr");
        var page = await TrackAsync(citizen, filed);
        Assert.Null(page.QuerySelector("#satisfaction"));
        Assert.Null(page.QuerySelector("#contest"));
        Assert.Null(page.QuerySelector("#contest-ended"));

        var contest = await (await ContestAsync(citizen, page, filed.Complaint.Reference, Reason)).ParseAsync();
        Assert.Contains("quand la commune vous aura donné sa réponse définitive", contest.QuerySelector(".refusal")!.TextContent);
        var rate = await (await RateAsync(citizen, page, filed.Complaint.Reference, "true")).ParseAsync();
        Assert.NotNull(rate.QuerySelector(".refusal"));
        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Assigned, saved.Status);
        Assert.Null(saved.RatedAt);
        Assert.DoesNotContain(saved.Timeline, t => t.Kind == TimelineKind.Contested);
    }

    [Theory]
    [InlineData("fr", "Dites pourquoi vous contestez la réponse.", "Choisissez oui ou non.")]
    [InlineData("ar", "اذكروا سبب اعتراضكم على الجواب.", "اختاروا نعم أو لا.")]
    public async Task Missing_answers_are_named_in_the_citizens_language_and_what_they_typed_is_kept(string language, string noReason, string noChoice)
    {
        var filed = await AnsweredAsync(language);
        var reference = filed.Complaint.Reference;
        var citizen = App.Browser(language);
        var page = await TrackAsync(citizen, filed);

        var contest = await (await ContestAsync(citizen, page, reference, "   ")).ParseAsync();
        Assert.Equal(noReason, contest.FieldError("ContestReason"));
        Assert.Contains("ContestReason-error", contest.QuerySelector("#ContestReason")!.GetAttribute("aria-describedby"));
        Assert.NotNull(contest.QuerySelector(".error-summary a[href='#ContestReason']"));

        var rate = await (await RateAsync(citizen, page, reference, null, "Un commentaire à garder")).ParseAsync();
        Assert.Equal(noChoice, rate.FieldError("Satisfied"));
        Assert.Equal("Un commentaire à garder", rate.QuerySelector("#Comment")!.TextContent);

        var tooLong = new string('x', Limits.DescriptionMax + 1);
        var longContest = await (await ContestAsync(citizen, page, reference, tooLong)).ParseAsync();
        Assert.NotNull(longContest.FieldError("ContestReason"));
        Assert.Equal(tooLong, longContest.QuerySelector("#ContestReason")!.TextContent);

        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Answered, saved.Status);
        Assert.Null(saved.RatedAt);
    }

    [Fact]
    public async Task Without_the_access_code_no_one_rates_or_contests_a_complaint()
    {
        var filed = await AnsweredAsync();
        var reference = filed.Complaint.Reference;
        var stranger = App.Browser("fr");
        var form = await stranger.GetPageAsync("/track");
        var wrong = await (await stranger.PostFormAsync("/track", form,
            new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = "WRONG234" })).ParseAsync();
        Assert.Null(wrong.QuerySelector("#satisfaction"));
        Assert.Null(wrong.QuerySelector("#contest"));

        Assert.Equal(HttpStatusCode.NotFound, (await ContestAsync(stranger, form, reference, Reason)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RateAsync(stranger, form, reference, "false", "Pas moi.")).StatusCode);
        var saved = await ReloadAsync(filed);
        Assert.Equal(ComplaintStatus.Answered, saved.Status);
        Assert.Null(saved.RatedAt);
    }

    public sealed class OnSqlite() : SatisfactionPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SatisfactionPagesTests(DatabaseKind.Postgres);
}
