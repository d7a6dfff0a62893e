using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// The life cycle (docs/life-cycle-and-roles.md) driven through the staff API, as the cell and a service would.
public abstract class StaffComplaintsApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    static JsonElement Last(JsonElement complaint, string kind) => Timeline(complaint).Last(t => t.GetProperty("kind").GetString() == kind);

    async Task<IDocument> TrackAsync(Filed filed, string language = "fr")
    {
        var citizen = App.Browser(language);
        var form = await citizen.GetPageAsync("/track");
        var response = await citizen.PostFormAsync("/track", form, new Dictionary<string, string> { ["Reference"] = filed.Reference, ["Code"] = filed.AccessCode });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await citizen.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("counter")]
    [InlineData("phone")]
    [InlineData("letter")]
    public async Task The_cell_files_for_a_citizen_and_gets_the_reference_and_access_code(string channel)
    {
        var cell = await CellAsync();
        var response = await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel, description = "Nid-de-poule dangereux devant l'école.",
            complainant = new { firstName = "Karim", lastName = "Bennani", phone = "0612345678" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var reference = body.GetProperty("reference").GetString()!;
        Assert.Equal("SEF-2026-000001", reference);
        Assert.Matches("^[A-Z0-9]{8}$", body.GetProperty("accessCode").GetString()!);
        Assert.Equal($"/api/v1/complaints/{reference}", response.Headers.Location!.OriginalString);

        var complaint = await GetComplaintAsync(cell, reference);
        Assert.Equal(channel, complaint.GetProperty("channel").GetString());
        Assert.Equal("received", complaint.GetProperty("status").GetString());
        Assert.Equal("sefrou", complaint.GetProperty("commune").GetString());
        Assert.Equal("voirie", complaint.GetProperty("category").GetString());
        Assert.Equal("2026-05-09", complaint.GetProperty("deadline").GetString());
        Assert.Equal("Bennani", complaint.GetProperty("complainant").GetProperty("lastName").GetString());
        var filed = Assert.Single(Timeline(complaint));
        Assert.Equal("filed", filed.GetProperty("kind").GetString());
        Assert.True(filed.GetProperty("visibleToCitizen").GetBoolean());
    }

    [Theory]
    [InlineData("web")]
    [InlineData("api")]
    [InlineData("pigeon")]
    public async Task Intake_refuses_channels_that_are_not_the_staffs_and_names_channel(string channel)
    {
        var cell = await CellAsync();
        var response = await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel, description = "Nid-de-poule dangereux devant l'école.",
        });
        await InvalidAsync(response, "channel");
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task The_access_code_given_at_intake_opens_the_citizens_page()
    {
        var filed = await IntakeAsync(await CellAsync());
        var page = await TrackAsync(filed);
        Assert.Equal("Reçue", page.QuerySelector(".status")!.TextContent);
        Assert.Contains("Lampadaire éteint", page.QuerySelector(".description")!.TextContent);
    }

    [Fact]
    public async Task An_admissible_complaint_goes_to_its_categorys_service()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell, category: "proprete");
        var complaint = await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true }));
        Assert.Equal("assigned", complaint.GetProperty("status").GetString());
        Assert.Equal("proprete", complaint.GetProperty("service").GetString());
        Assert.Equal(["filed", "assigned"], Kinds(complaint));
    }

    [Fact]
    public async Task Qualifying_with_a_category_corrects_it_first_and_routes_to_the_new_service()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell, category: "eclairage-public");
        var complaint = await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true, category = "espaces-verts" }));
        Assert.Equal("espaces-verts", complaint.GetProperty("category").GetString());
        Assert.Equal("espaces-verts", complaint.GetProperty("service").GetString());
        Assert.Equal(["filed", "recategorized", "assigned"], Kinds(complaint));
        Assert.False(Last(complaint, "recategorized").GetProperty("visibleToCitizen").GetBoolean());
    }

    [Fact]
    public async Task The_whole_life_cycle_from_the_counter_to_a_second_assignment()
    {
        var cellMember = await App.CreateAsync(Roles.ComplaintsCell);
        var cell = await App.ApiAsync(cellMember);
        var agentMember = await App.CreateAsync(Roles.ServiceAgent, service: "eclairage");
        var agent = await App.ApiAsync(agentMember);
        var filed = await IntakeAsync(cell);
        var reference = filed.Reference;

        var c = await OkAsync(await MoveAsync(cell, reference, "qualify", new { admissible = true }));
        Assert.Equal("eclairage", c.GetProperty("service").GetString());

        // The service takes it up and drafts an answer; the draft stays inside the commune.
        c = await OkAsync(await MoveAsync(agent, reference, "start", null));
        Assert.Equal("in_progress", c.GetProperty("status").GetString());
        c = await OkAsync(await MoveAsync(agent, reference, "proposals", new { text = "Lampe changée le 12 mars.", definitive = true }));
        Assert.Equal("in_progress", c.GetProperty("status").GetString());
        var proposal = Last(c, "proposal");
        Assert.False(proposal.GetProperty("visibleToCitizen").GetBoolean());
        Assert.Equal(agentMember.Email, proposal.GetProperty("actor").GetString());

        // The cell sees the proposal and answers the citizen, first to wait, then for good.
        c = await GetComplaintAsync(cell, reference);
        Assert.Equal("Lampe changée le 12 mars.", Last(c, "proposal").GetProperty("text").GetString());
        c = await OkAsync(await MoveAsync(cell, reference, "responses", new { text = "Une équipe passera cette semaine.", definitive = false }));
        Assert.Equal("in_progress", c.GetProperty("status").GetString());
        Assert.True(Last(c, "response").GetProperty("visibleToCitizen").GetBoolean());
        c = await OkAsync(await MoveAsync(cell, reference, "responses", new { text = "La lampe a été changée le 12 mars.", definitive = true }));
        Assert.Equal("answered", c.GetProperty("status").GetString());
        Assert.Equal(cellMember.Email, Last(c, "answer").GetProperty("actor").GetString());
        Assert.Equal(["close", "reopen"], Strings(c.GetProperty("allowedMoves")).Order());

        c = await OkAsync(await MoveAsync(cell, reference, "close", new { reason = "Réponse définitive envoyée." }));
        Assert.Equal("closed", c.GetProperty("status").GetString());
        c = await OkAsync(await MoveAsync(cell, reference, "reopen", new { reason = "Le citoyen conteste : la lampe clignote." }));
        Assert.Equal("reopened", c.GetProperty("status").GetString());
        c = await OkAsync(await MoveAsync(cell, reference, "assign", new { service = "voirie", instructions = "Vérifier le câble enterré." }));
        Assert.Equal("assigned", c.GetProperty("status").GetString());
        Assert.Equal("voirie", c.GetProperty("service").GetString());
        Assert.False(Last(c, "instructions").GetProperty("visibleToCitizen").GetBoolean());

        Assert.Equal(["filed", "assigned", "started", "proposal", "response", "answer", "closed", "reopened", "assigned", "instructions"], Kinds(c));
        // The eclairage agent no longer sees it: it belongs to voirie now.
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/complaints/{reference}")).StatusCode);

        var page = await TrackAsync(filed);
        var timeline = page.QuerySelector(".timeline")!.TextContent;
        Assert.Contains("Une équipe passera cette semaine.", timeline);
        Assert.Contains("La lampe a été changée le 12 mars.", timeline);
        Assert.DoesNotContain("Lampe changée le 12 mars.", page.Body!.TextContent);
        Assert.DoesNotContain("câble enterré", page.Body.TextContent);
    }

    [Theory]
    [InlineData("not_in_required_form", "La demande ne respecte pas la forme requise.")]
    [InlineData("before_court_or_judged", "Le sujet est devant la justice ou a déjà été jugé.")]
    [InlineData("outside_remit", "Le sujet ne relève pas des compétences de la commune.")]
    [InlineData("insulting_or_abusive", "La demande contient des propos injurieux ou abusifs.")]
    [InlineData("unclear", "La demande n'est pas assez claire pour être traitée.")]
    public async Task An_inadmissible_complaint_is_rejected_with_the_decrets_reason_in_a_letter(string reason, string wording)
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason }));
        Assert.Equal("rejected", c.GetProperty("status").GetString());
        Assert.Equal(reason, c.GetProperty("rejectionReason").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("service").ValueKind);
        var letter = Last(c, "rejected");
        Assert.True(letter.GetProperty("visibleToCitizen").GetBoolean());
        Assert.Contains(wording, letter.GetProperty("text").GetString());
        Assert.Contains(filed.Reference, letter.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_rejection_letter_is_in_the_citizens_language_whatever_the_cell_reads()
    {
        var cell = await CellAsync(language: "fr");
        var filed = await IntakeAsync(cell, description: "عمود الإنارة مطفأ منذ أسبوع أمام المنزل رقم 3.", language: "ar");
        Assert.Equal("ar", (await GetComplaintAsync(cell, filed.Reference)).GetProperty("language").GetString());
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason = "outside_remit" }));
        var letter = Last(c, "rejected").GetProperty("text").GetString()!;
        Assert.Contains("الموضوع لا يدخل في اختصاصات الجماعة.", letter);
        Assert.DoesNotContain("compétences", letter);

        var page = await TrackAsync(filed, "ar");
        Assert.Contains("الموضوع لا يدخل في اختصاصات الجماعة.", page.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task The_cell_may_write_its_own_rejection_letter()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "qualify",
            new { admissible = false, reason = "outside_remit", letter = "Ceci relève de la province de Sefrou." }));
        Assert.Equal("Ceci relève de la province de Sefrou.", Last(c, "rejected").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_rejected_complaint_can_be_reopened_and_then_assigned()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason = "unclear" }));
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "reopen", new { reason = "Le citoyen a précisé sa demande." }));
        Assert.Equal("reopened", c.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("rejectionReason").ValueKind);
        c = await OkAsync(await MoveAsync(cell, filed.Reference, "assign", new { service = "eclairage" }));
        Assert.Equal("assigned", c.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_information_request_reaches_the_citizen_and_marks_the_complaint_awaiting()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "information-requests", new { text = "Quel est le numéro du lampadaire ?" }));
        Assert.Equal("received", c.GetProperty("status").GetString());
        Assert.True(c.GetProperty("awaitingCitizen").GetBoolean());
        var question = Last(c, "information_requested");
        Assert.True(question.GetProperty("visibleToCitizen").GetBoolean());
        // The legal clock stops while the citizen answers, and the timeline says so.
        Assert.Equal("clock_paused", Timeline(c).Last().GetProperty("kind").GetString());
        var row = Assert.Single((await ListAsync(cell)).GetProperty("items").EnumerateArray());
        Assert.True(row.GetProperty("awaitingCitizen").GetBoolean());

        var page = await TrackAsync(filed);
        Assert.Contains("Quel est le numéro du lampadaire ?", page.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task A_service_agent_may_ask_the_citizen_too()
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var reference = await AssignedAsync(cell);
        var c = await OkAsync(await MoveAsync(agent, reference, "information-requests", new { text = "Pouvez-vous envoyer une photo ?" }));
        Assert.True(c.GetProperty("awaitingCitizen").GetBoolean());
    }

    [Fact]
    public async Task Notes_and_proposals_stay_inside_the_commune_while_responses_reach_the_citizen()
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var filed = await IntakeAsync(cell);
        await OkAsync(await MoveAsync(cell, filed.Reference, "notes", new { text = "Le voisin a déjà appelé deux fois." }));
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true }));
        await OkAsync(await MoveAsync(agent, filed.Reference, "notes", new { text = "Pièce commandée chez le fournisseur." }));
        await OkAsync(await MoveAsync(agent, filed.Reference, "proposals", new { text = "Brouillon : remplacement prévu.", definitive = false }));
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "responses", new { text = "Votre lampadaire sera réparé jeudi.", definitive = false }));

        var notes = Timeline(c).Where(t => t.GetProperty("kind").GetString() is "note" or "proposal").ToList();
        Assert.Equal(3, notes.Count);
        Assert.All(notes, n => Assert.False(n.GetProperty("visibleToCitizen").GetBoolean()));
        Assert.True(Last(c, "response").GetProperty("visibleToCitizen").GetBoolean());

        var page = await TrackAsync(filed);
        var text = page.Body!.TextContent;
        Assert.Contains("Votre lampadaire sera réparé jeudi.", page.QuerySelector(".timeline")!.TextContent);
        Assert.DoesNotContain("deux fois", text);
        Assert.DoesNotContain("fournisseur", text);
        Assert.DoesNotContain("Brouillon", text);
    }

    [Fact]
    public async Task Notes_are_allowed_on_a_closed_complaint()
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        await OkAsync(await MoveAsync(cell, reference, "responses", new { text = "Réparé.", definitive = true }));
        await OkAsync(await MoveAsync(cell, reference, "close", new { reason = "Fin." }));
        var c = await OkAsync(await MoveAsync(cell, reference, "notes", new { text = "Archivé dans le classeur 4." }));
        Assert.Equal("closed", c.GetProperty("status").GetString());
        Assert.Equal("note", Timeline(c).Last().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_cell_corrects_the_category_without_moving_the_complaint()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var c = await OkAsync(await MoveAsync(cell, filed.Reference, "category", new { category = "voirie" }));
        Assert.Equal("voirie", c.GetProperty("category").GetString());
        Assert.Equal("received", c.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reading_a_complaint_records_who_read_the_personal_data_and_when()
    {
        var member = await App.CreateAsync(Roles.ComplaintsCell);
        var cell = await App.ApiAsync(member);
        var filed = await IntakeAsync(cell);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await GetComplaintAsync(cell, filed.Reference);

        var rows = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "read-personal-data").ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal(member.Id, row.UserId);
        Assert.Equal(member.Email, row.Actor);
        Assert.Equal(new DateTime(2026, 3, 10, 9, 35, 0, DateTimeKind.Utc), row.At);
        var complaintId = await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == filed.Reference).Select(c => c.Id).SingleAsync());
        Assert.Equal(complaintId, row.ComplaintId);
    }

    [Fact]
    public async Task An_observers_read_shows_no_personal_data_and_records_no_such_read()
    {
        var cell = await CellAsync();
        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer));
        var filed = await IntakeAsync(cell);
        var c = await GetComplaintAsync(observer, filed.Reference);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("complainant").ValueKind);
        Assert.DoesNotContain("Bennani", c.GetRawText());
        Assert.DoesNotContain("karim@example.test", c.GetRawText());
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "read-personal-data")));
    }

    [Fact]
    public async Task Each_move_and_the_intake_record_an_audit_row()
    {
        var member = await App.CreateAsync(Roles.ComplaintsCell);
        var cell = await App.ApiAsync(member);
        var filed = await IntakeAsync(cell);
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true }));
        await OkAsync(await MoveAsync(cell, filed.Reference, "notes", new { text = "Vu." }));
        await OkAsync(await MoveAsync(cell, filed.Reference, "responses", new { text = "Réparé.", definitive = true }));
        await OkAsync(await MoveAsync(cell, filed.Reference, "close", new { reason = "Fin." }));

        var complaintId = await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == filed.Reference).Select(c => c.Id).SingleAsync());
        var rows = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.ComplaintId == complaintId && a.Action != "read-personal-data")
            .OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["intake", "move:assign", "note", "move:answer", "move:close"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(member.Id, r.UserId));
    }

    public sealed class OnSqlite() : StaffComplaintsApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffComplaintsApiTests(DatabaseKind.Postgres);
}
