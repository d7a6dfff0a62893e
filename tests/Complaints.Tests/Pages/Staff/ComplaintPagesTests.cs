using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class ComplaintPagesTests(DatabaseKind kind) : AppTest(kind)
{
    static readonly string[] PostHandlers =
        ["Qualify", "Reject", "Letter", "Recategorize", "Assign", "Start", "Note", "Question", "Propose", "Respond", "Close", "Reopen", "Template"];

    static string Url(string reference) => $"/staff/complaints/{reference}";

    // Follows the redirect of a move that was applied and answers the page it leads to.
    async Task<IDocument> AppliedAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    Task<List<AuditEntry>> ReadingsAsync(long complaintId) =>
        App.WithDbAsync(db => db.AuditEntries.Where(a => a.ComplaintId == complaintId && a.Action == AuditActions.ReadPersonalData).ToListAsync());

    [Fact]
    public async Task A_cell_agent_sees_who_complained_and_the_reading_is_audited()
    {
        var filed = await App.FileAsync(description: "Nid-de-poule dangereux devant le numéro 12.");
        var member = await App.CreateAsync(Roles.ComplaintsCell);
        var client = await App.StaffBrowserAsync(member);

        var page = await client.GetPageAsync(Url(filed.Complaint.Reference));
        var who = page.QuerySelector("section.complainant")!.TextContent;
        Assert.Contains("Amina", who);
        Assert.Contains("Benali", who);
        Assert.Contains("amina@example.test", who);
        Assert.Contains("0612345678", who);
        Assert.Contains("Nid-de-poule dangereux", page.QuerySelector(".description")!.TextContent);
        Assert.Contains("Site web", page.QuerySelector(".channel")!.TextContent);
        var reading = Assert.Single(await ReadingsAsync(filed.Complaint.Id));
        Assert.Equal(member.Id, reading.UserId);
        Assert.Equal(member.Email, reading.Actor);
    }

    [Fact]
    public async Task An_observer_reads_the_complaint_without_the_complainants_identity_and_cannot_act()
    {
        var filed = await App.FileAsync();
        var observer = await App.StaffBrowserAsync(await App.CreateAsync(Roles.Observer));

        var page = await observer.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Contains("nid-de-poule", page.QuerySelector(".description")!.TextContent);
        Assert.DoesNotContain("Benali", page.Body!.TextContent);
        Assert.DoesNotContain("amina@example.test", page.Body.TextContent);
        Assert.Contains("lecture seule", page.Body.TextContent);
        Assert.Empty(page.QuerySelectorAll("form.move"));
        Assert.Empty(await ReadingsAsync(filed.Complaint.Id));

        var note = await observer.PostFormAsync($"{Url(filed.Complaint.Reference)}?handler=Note", await observer.GetPageAsync("/track"),
            new Dictionary<string, string> { ["Input.Note"] = "Je ne devrais pas pouvoir écrire." });
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);
    }

    [Fact]
    public async Task A_complaint_of_another_commune_or_service_answers_404_on_every_handler()
    {
        var sefrou = await App.FileAsync("sefrou", files: [("trou.jpg", Samples.Jpeg)]);
        await App.QualifyAsync(sefrou.Complaint.Reference);
        var attachmentId = await App.WithDbAsync(db => db.Attachments.Where(a => a.ComplaintId == sefrou.Complaint.Id).Select(a => a.Id).SingleAsync());

        var outsiders = new[]
        {
            await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, "kenitra")),
            await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "eclairage")),
        };
        foreach (var client in outsiders)
        {
            var target = Url(sefrou.Complaint.Reference);
            var get = await client.GetAsync(target);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.DoesNotContain("nid-de-poule", await get.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{target}?handler=Attachment&id={attachmentId}")).StatusCode);
            // Any page with a form gives the antiforgery token a browser would have.
            var form = await client.GetPageAsync("/track");
            foreach (var handler in PostHandlers)
            {
                var post = await client.PostFormAsync($"{target}?handler={handler}", form, new Dictionary<string, string>
                {
                    ["Input.Version"] = "1", ["Input.Note"] = "Intrusion", ["Input.Service"] = "voirie", ["Input.Response"] = "Intrusion",
                    ["Input.Reason"] = "unclear", ["Input.Template"] = "1", ["Input.TemplateFor"] = "response",
                });
                Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"{handler}: {post.StatusCode}");
            }
        }
        var untouched = await App.WithDbAsync(db => db.Complaints.Include(c => c.Timeline).SingleAsync(c => c.Id == sefrou.Complaint.Id));
        Assert.Equal(ComplaintStatus.Assigned, untouched.Status);
        Assert.DoesNotContain(untouched.Timeline, t => t.Text == "Intrusion");
    }

    [Fact]
    public async Task Staff_download_the_attachments_of_complaints_they_may_see()
    {
        var filed = await App.FileAsync(files: [("trou.jpg", Samples.Jpeg)]);
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var page = await client.GetPageAsync(Url(filed.Complaint.Reference));
        var link = page.QuerySelector("ul.attachments a")!;
        Assert.Equal("trou.jpg", link.TextContent);
        var file = await client.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType!.MediaType);
        using var picture = SkiaSharp.SKBitmap.Decode(await file.Content.ReadAsByteArrayAsync());
        Assert.Equal((40, 30), (picture.Width, picture.Height));
        var reads = await App.WithDbAsync(db => db.AuditEntries
            .Where(a => a.ComplaintId == filed.Complaint.Id && a.Action == AuditActions.ReadPersonalData && a.Details!.StartsWith("attachment")).CountAsync());
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task An_observer_sees_that_a_photo_exists_but_cannot_open_it()
    {
        var filed = await App.FileAsync(files: [("trou.jpg", Samples.Jpeg)]);
        var observer = await App.StaffBrowserAsync(await App.CreateAsync(Roles.Observer));
        var page = await observer.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Contains("trou.jpg", page.QuerySelector("ul.attachments")!.TextContent);
        Assert.Null(page.QuerySelector("ul.attachments a"));
        var id = await App.WithDbAsync(db => db.Attachments.Select(a => a.Id).SingleAsync());
        var file = await observer.GetAsync($"{Url(filed.Complaint.Reference)}?handler=Attachment&id={id}");
        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
    }

    [Fact]
    public async Task A_whole_life_cycle_through_the_pages_reaches_the_citizens_track_page()
    {
        var filed = await App.FileAsync(category: "voirie");
        var reference = filed.Complaint.Reference;
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var agent = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie"));

        // The cell qualifies: admissible, routed to the category's service.
        var page = await cell.GetPageAsync(Url(reference));
        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#qualify"));
        Assert.Contains("transmise au service", page.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Contains("Transmise au service compétent", page.QuerySelector("h1 .status")!.TextContent);
        Assert.Contains("Service de la voirie", page.QuerySelector(".service")!.TextContent);

        // The service starts and proposes a definitive answer; the service cannot send it.
        page = await agent.GetPageAsync(Url(reference));
        Assert.Null(page.QuerySelector("form#respond"));
        page = await AppliedAsync(agent, await agent.SubmitAsync(page, "form#start"));
        Assert.Contains("En cours de traitement", page.QuerySelector("h1 .status")!.TextContent);
        page = await AppliedAsync(agent, await agent.SubmitAsync(page, "form#propose", new Dictionary<string, string>
        {
            ["Input.Proposal"] = "Le trou a été rebouché le 12 mars par nos équipes.",
            ["Input.ProposalDefinitive"] = "true",
        }));
        Assert.Contains("Réponse proposée par le service", page.QuerySelector(".staff-timeline")!.TextContent);
        Assert.NotNull(page.QuerySelector(".staff-timeline li.internal-entry .internal"));

        // The cell finds the proposal in its answer form and sends it as the definitive answer.
        page = await cell.GetPageAsync(Url(reference));
        Assert.Equal("Le trou a été rebouché le 12 mars par nos équipes.", page.QuerySelector("#Input_Response")!.TextContent);
        Assert.True(page.QuerySelector("form#respond input[type=checkbox][name='Input.Definitive']")!.HasAttribute("checked"));
        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#respond"));
        Assert.Contains("Réponse définitive envoyée", page.QuerySelector("h1 .status")!.TextContent);

        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#close", new Dictionary<string, string> { ["Input.CloseReason"] = "Problème réglé." }));
        Assert.Contains("Clôturée", page.QuerySelector("h1 .status")!.TextContent);
        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#reopen", new Dictionary<string, string> { ["Input.ReopenReason"] = "Le citoyen signale que le trou est revenu." }));
        Assert.Contains("Rouverte", page.QuerySelector("h1 .status")!.TextContent);
        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#assign", new Dictionary<string, string>
        {
            ["Input.Service"] = "proprete",
            ["Input.Instructions"] = "Vérifier aussi les gravats laissés.",
        }));
        Assert.Contains("Service de la propreté", page.QuerySelector(".service")!.TextContent);
        Assert.Contains("Vérifier aussi les gravats laissés.", page.QuerySelector(".staff-timeline")!.TextContent);

        // The citizen reads the answer, not the internal entries.
        var citizen = App.Browser("fr");
        var track = await citizen.GetPageAsync("/track");
        await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = filed.AccessCode });
        var mine = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Contains("Le trou a été rebouché le 12 mars par nos équipes.", mine.QuerySelector(".timeline")!.TextContent);
        Assert.DoesNotContain("gravats", mine.Body!.TextContent);
    }

    [Fact]
    public async Task A_rejection_with_a_reason_writes_the_letter_in_the_citizens_language()
    {
        var filed = await App.FileAsync(language: "ar", description: "حفرة كبيرة أمام المدرسة منذ أسبوعين.");
        var reference = filed.Complaint.Reference;
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "fr");

        var page = await cell.GetPageAsync(Url(reference));
        Assert.Contains("arabe", page.QuerySelector(".language")!.TextContent);
        Assert.DoesNotMatch(@"\bstaff\.[a-z]", page.Body!.TextContent);
        var prepared = await cell.SubmitAsync(page, "form#reject", new Dictionary<string, string> { ["Input.Reason"] = "outside_remit" },
            $"{Url(reference)}?handler=Letter");
        Assert.Equal(HttpStatusCode.OK, prepared.StatusCode);
        page = await prepared.ParseAsync();
        var letter = page.QuerySelector("#Input_Letter")!.TextContent;
        Assert.Contains(reference, letter);
        Assert.Contains("السيدة، السيد", letter);
        Assert.True(page.QuerySelector("input[name='Input.Reason'][value=outside_remit]")!.HasAttribute("checked"));

        page = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#reject"));
        Assert.Contains("Irrecevable", page.QuerySelector("h1 .status")!.TextContent);
        Assert.Contains("Le sujet ne relève pas des compétences de la commune.", page.QuerySelector(".staff-timeline")!.TextContent);

        var citizen = App.Browser("ar");
        var track = await citizen.GetPageAsync("/track");
        await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = filed.AccessCode });
        var mine = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Contains(letter.Trim(), mine.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task A_move_the_life_cycle_refuses_shows_the_moves_allowed_now()
    {
        var filed = await App.FileAsync();
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await cell.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Null(page.QuerySelector("form#close"));

        var version = page.QuerySelector("form#note input[name='Input.Version']")!.GetAttribute("value")!;
        var response = await cell.PostFormAsync($"{Url(filed.Complaint.Reference)}?handler=Close", page,
            new Dictionary<string, string> { ["Input.Version"] = version, ["Input.CloseReason"] = "Fermer tout de suite." });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = (await response.ParseAsync()).QuerySelector(".refusal")!.TextContent;
        Assert.Contains("« Clôturer » n'est pas possible pour une plainte à l'état « Reçue »", refused);
        Assert.Contains("Déclarer irrecevable", refused);
        Assert.Contains("Transmettre à un service", refused);
        Assert.Contains("Demander des précisions", refused);
        Assert.Equal(ComplaintStatus.Received, await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_stale_version_applies_nothing_shows_the_current_state_and_keeps_the_typed_text()
    {
        var filed = await App.FileAsync();
        var reference = filed.Complaint.Reference;
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await cell.GetPageAsync(Url(reference));

        // Someone else qualifies the complaint while this agent is still writing.
        await App.QualifyAsync(reference);
        var response = await cell.SubmitAsync(page, "form#note", new Dictionary<string, string> { ["Input.Note"] = "Appeler le citoyen demain matin." });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        page = await response.ParseAsync();
        Assert.Contains("Quelqu'un a modifié cette plainte pendant votre lecture ; rien n'a été appliqué", page.QuerySelector(".refusal")!.TextContent);
        Assert.Equal("Appeler le citoyen demain matin.", page.QuerySelector("#Input_Note")!.TextContent);
        Assert.Contains("Transmise au service compétent", page.QuerySelector("h1 .status")!.TextContent);
        Assert.Null(page.QuerySelector("form#qualify"));
        var notes = await App.WithDbAsync(db => db.TimelineEntries.CountAsync(t => t.ComplaintId == filed.Complaint.Id && t.Kind == TimelineKind.Note));
        Assert.Equal(0, notes);

        // Sent again from the refreshed page, it is applied.
        var again = await AppliedAsync(cell, await cell.SubmitAsync(page, "form#note"));
        Assert.Contains("Appeler le citoyen demain matin.", again.QuerySelector(".staff-timeline")!.TextContent);
    }

    [Theory]
    [InlineData("fr", "Note : Ce texte est obligatoire.", "Réponse au citoyen : Ce texte est obligatoire.")]
    [InlineData("ar", "حقل «الملاحظة»: هذا النص", "حقل «الجواب إلى المواطن»: هذا النص")]
    public async Task An_empty_text_is_refused_naming_the_field_in_the_readers_language(string language, string note, string response)
    {
        var filed = await App.FileAsync();
        await App.QualifyAsync(filed.Complaint.Reference);
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), language);

        var page = await cell.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Equal(language == "ar" ? "rtl" : "ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.DoesNotMatch(@"\bstaff\.[a-z]", page.Body!.TextContent);
        var refused = await cell.SubmitAsync(page, "form#note", new Dictionary<string, string> { ["Input.Note"] = "   " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        page = await refused.ParseAsync();
        Assert.StartsWith(note, page.FieldError("Input_Note"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#Input_Note']"));

        var answer = await cell.SubmitAsync(page, "form#respond", new Dictionary<string, string> { ["Input.Response"] = "" });
        page = await answer.ParseAsync();
        Assert.StartsWith(response, page.FieldError("Input_Response"));
        Assert.Equal(ComplaintStatus.Assigned, await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_ready_answer_fills_the_response_in_the_citizens_language()
    {
        var filed = await App.FileAsync(category: "eclairage-public", language: "ar", description: "الإنارة العمومية منطفئة في الزقاق منذ أسبوع.");
        await App.QualifyAsync(filed.Complaint.Reference);
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var page = await cell.GetPageAsync(Url(filed.Complaint.Reference));
        var options = page.QuerySelectorAll("form#respond select[name='Input.Template'] option").Where(o => o.GetAttribute("value") != "").ToList();
        Assert.Equal(new[] { "جواب — تم التدخل", "جواب — تدخل مبرمج", "تمت إعادة الإنارة" }.Order(), options.Select(o => o.TextContent.Trim()).Order());
        var lit = options.Single(o => o.TextContent.Trim() == "تمت إعادة الإنارة").GetAttribute("value")!;
        var questions = page.QuerySelectorAll("form#question select[name='Input.Template'] option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Contains("توضيحات حول المكان", questions);

        var filled = await cell.SubmitAsync(page, "form#respond", new Dictionary<string, string>
        {
            ["Input.Template"] = lit, ["Input.TemplateFor"] = "response",
        }, $"{Url(filed.Complaint.Reference)}?handler=Template");
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        page = await filled.ParseAsync();
        var text = page.QuerySelector("#Input_Response")!.TextContent;
        Assert.Contains($"تمت إعادة الإنارة العمومية المشار إليها في طلبكم رقم {filed.Complaint.Reference}", text);
        Assert.Contains("Amina Benali", text);
        Assert.DoesNotContain("{", text);
        Assert.Equal(ComplaintStatus.Assigned, await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.Status).SingleAsync()));
    }

    public sealed class OnSqlite() : ComplaintPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ComplaintPagesTests(DatabaseKind.Postgres);
}
