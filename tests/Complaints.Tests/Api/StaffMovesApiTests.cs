using System.Net;
using System.Net.Http.Json;
using System.Text;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// How the API says no to a move: 409 for the life cycle or a stale version, 400 naming each bad field.
public abstract class StaffMovesApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    async Task<int> TimelineCountAsync(string reference) =>
        await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference).Select(c => c.Timeline.Count).SingleAsync());

    [Fact]
    public async Task Answering_a_rejected_complaint_is_409_naming_the_move_the_status_and_what_is_allowed()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason = "unclear" }));
        var before = await TimelineCountAsync(filed.Reference);

        var problem = await ProblemAsync(await MoveAsync(cell, filed.Reference, "responses", new { text = "Réparé.", definitive = true }),
            HttpStatusCode.Conflict);
        Assert.Equal(["close", "reopen"], Strings(problem.GetProperty("allowedMoves")).Order());
        Assert.Equal("rejected", problem.GetProperty("complaintStatus").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("answer", detail);
        Assert.Contains("rejected", detail);
        Assert.Contains("close, reopen", detail);
        Assert.Equal(before, await TimelineCountAsync(filed.Reference));
    }

    [Theory]
    [InlineData("start", null)]
    [InlineData("close", "Fin.")]
    [InlineData("reopen", "Contesté.")]
    [InlineData("responses", "Réparé.")]
    [InlineData("proposals", "Brouillon.")]
    public async Task Moves_the_life_cycle_refuses_on_a_new_complaint_are_409_with_the_cells_choices(string move, string? text)
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var problem = await ProblemAsync(await MoveAsync(cell, filed.Reference, move, text is null ? null : new { text, reason = text }),
            HttpStatusCode.Conflict);
        Assert.Equal(["assign", "recategorize", "reject", "request_information"], Strings(problem.GetProperty("allowedMoves")).Order());
        Assert.Contains("received", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_service_agent_is_told_only_the_moves_they_may_make()
    {
        var cell = await CellAsync();
        var agent = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        var reference = await AssignedAsync(cell);
        await OkAsync(await MoveAsync(agent, reference, "start", null));
        var problem = await ProblemAsync(await MoveAsync(agent, reference, "start", null), HttpStatusCode.Conflict);
        Assert.Equal(["propose", "request_information"], Strings(problem.GetProperty("allowedMoves")).Order());
        Assert.Contains("in_progress", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Qualifying_twice_is_409_and_does_not_claim_the_assignment_it_offers_is_impossible()
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        var problem = await ProblemAsync(await MoveAsync(cell, reference, "qualify", new { admissible = true }), HttpStatusCode.Conflict);
        var allowed = Strings(problem.GetProperty("allowedMoves"));
        Assert.Contains("assign", allowed);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("qualify", detail);
        Assert.Contains("assigned", detail);
        Assert.DoesNotContain("« assign »", detail);
    }

    [Fact]
    public async Task An_arabic_caller_gets_the_refusal_in_arabic()
    {
        var cell = await CellAsync(language: "ar");
        var filed = await IntakeAsync(cell);
        var problem = await ProblemAsync(await MoveAsync(cell, filed.Reference, "close", new { reason = "انتهى" }), HttpStatusCode.Conflict);
        Assert.Equal("الإجراء غير ممكن في هذه الحالة", problem.GetProperty("title").GetString());
        Assert.StartsWith("«close» غير ممكن لشكاية في حالة «received».", problem.GetProperty("detail").GetString());

        var invalid = await InvalidAsync(await MoveAsync(cell, filed.Reference, "notes", new { text = " " }), "text");
        Assert.Equal("بعض الخانات غير صحيحة", invalid.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_names_the_body()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var url = $"/api/v1/complaints/{filed.Reference}/notes";
        await InvalidAsync(await PostRawAsync(cell, url, "text=hello", "application/x-www-form-urlencoded"), "body");
        await InvalidAsync(await PostRawAsync(cell, url, "{\"text\": "), "body");
        await InvalidAsync(await PostRawAsync(cell, url, "null"), "body");
        await InvalidAsync(await PostRawAsync(cell, "/api/v1/complaints", "not json"), "body");
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_field()
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        await InvalidAsync(await PostRawAsync(cell, $"/api/v1/complaints/{reference}/responses", "{\"text\": \"Réparé.\", \"definitive\": \"yes\"}"), "definitive");
        await InvalidAsync(await PostRawAsync(cell, $"/api/v1/complaints/{reference}/notes", "{\"text\": 42}"), "text");
        var filed = await IntakeAsync(cell);
        await InvalidAsync(await PostRawAsync(cell, $"/api/v1/complaints/{filed.Reference}/qualify", "{\"admissible\": \"maybe\"}"), "admissible");
        Assert.Equal("assigned", (await GetComplaintAsync(cell, reference)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("notes", "text")]
    [InlineData("responses", "text")]
    [InlineData("information-requests", "text")]
    [InlineData("assign", "service")]
    [InlineData("category", "category")]
    public async Task A_missing_value_names_its_field(string move, string field)
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        await InvalidAsync(await MoveAsync(cell, reference, move, new { definitive = false }), field);
        await InvalidAsync(await MoveAsync(cell, reference, move, new { text = "  ", service = "", category = "" }), field);
    }

    [Fact]
    public async Task Closing_and_reopening_need_a_reason()
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        await OkAsync(await MoveAsync(cell, reference, "responses", new { text = "Réparé.", definitive = true }));
        await InvalidAsync(await MoveAsync(cell, reference, "close", new { }), "reason");
        await OkAsync(await MoveAsync(cell, reference, "close", new { reason = "Fin." }));
        await InvalidAsync(await MoveAsync(cell, reference, "reopen", new { reason = "" }), "reason");
    }

    [Fact]
    public async Task Unknown_service_category_and_reason_are_named()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var r = filed.Reference;
        await InvalidAsync(await MoveAsync(cell, r, "qualify", new { admissible = true, category = "licornes" }), "category");
        await InvalidAsync(await MoveAsync(cell, r, "qualify", new { admissible = false, reason = "boring" }), "reason");
        await InvalidAsync(await MoveAsync(cell, r, "qualify", new { admissible = false }), "reason");
        await InvalidAsync(await MoveAsync(cell, r, "qualify", new { }), "admissible");
        await InvalidAsync(await MoveAsync(cell, r, "assign", new { service = "police" }), "service");
        await InvalidAsync(await MoveAsync(cell, r, "category", new { category = "licornes" }), "category");
        var c = await GetComplaintAsync(cell, r);
        Assert.Equal("received", c.GetProperty("status").GetString());
        Assert.Equal("eclairage-public", c.GetProperty("category").GetString());
        Assert.Equal(["filed"], Kinds(c));
    }

    [Fact]
    public async Task Intake_names_every_bad_field_at_once()
    {
        var cell = await CellAsync();
        var response = await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "licornes", channel = "web", description = "",
            complainant = new { email = "pas-un-email", phone = "12" },
        });
        await InvalidAsync(response, "category", "channel", "description", "complainant.email", "complainant.phone");
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task Intake_names_an_unknown_commune_and_an_unknown_language()
    {
        var cell = await CellAsync();
        await InvalidAsync(await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "atlantis", category = "voirie", channel = "counter", description = "Nid-de-poule devant la mairie.",
        }), "commune");
        await InvalidAsync(await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "voirie", channel = "counter", description = "Nid-de-poule devant la mairie.", language = "en",
        }), "language");
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_text_longer_than_allowed_is_named()
    {
        var cell = await CellAsync();
        var reference = await AssignedAsync(cell);
        await InvalidAsync(await MoveAsync(cell, reference, "notes", new { text = new string('a', 5001) }), "text");
    }

    [Fact]
    public async Task Get_answers_the_version_as_etag_and_each_move_moves_it()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var response = await cell.GetAsync($"/api/v1/complaints/{filed.Reference}");
        var version = (await OkAsync(response)).GetProperty("version").GetInt32();
        Assert.Equal($"\"{version}\"", response.Headers.ETag!.ToString());

        var moved = await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true }, ifMatch: version);
        var after = await OkAsync(moved);
        Assert.True(after.GetProperty("version").GetInt32() > version);
        Assert.Equal($"\"{after.GetProperty("version").GetInt32()}\"", moved.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task A_move_on_a_stale_version_is_409_with_the_current_version_and_nothing_applied()
    {
        var cell = await CellAsync();
        var other = await CellAsync();
        var filed = await IntakeAsync(cell);
        var seen = (await GetComplaintAsync(cell, filed.Reference)).GetProperty("version").GetInt32();
        var current = (await OkAsync(await MoveAsync(other, filed.Reference, "notes", new { text = "Vu au téléphone." }))).GetProperty("version").GetInt32();

        var problem = await ProblemAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason = "unclear" }, ifMatch: seen),
            HttpStatusCode.Conflict);
        Assert.Equal(current, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("received", problem.GetProperty("complaintStatus").GetString());
        var c = await GetComplaintAsync(cell, filed.Reference);
        Assert.Equal("received", c.GetProperty("status").GetString());
        Assert.Equal(["filed", "note"], Kinds(c));

        // Read again, try again: it goes through.
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = false, reason = "unclear" }, ifMatch: current));
    }

    [Fact]
    public async Task A_weak_etag_is_understood_in_if_match()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var version = (await GetComplaintAsync(cell, filed.Reference)).GetProperty("version").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/complaints/{filed.Reference}/notes") { Content = JsonContent.Create(new { text = "Vu." }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"W/\"{version - 1}\"");
        await ProblemAsync(await cell.SendAsync(request), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_parallel_assignments_from_the_same_version_apply_exactly_once()
    {
        var first = await CellAsync();
        var second = await CellAsync();
        var reference = await AssignedAsync(first);
        var version = (await GetComplaintAsync(first, reference)).GetProperty("version").GetInt32();

        var answers = await Task.WhenAll(
            MoveAsync(first, reference, "assign", new { service = "voirie" }, ifMatch: version),
            MoveAsync(second, reference, "assign", new { service = "proprete" }, ifMatch: version));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var loser = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        var problem = await ProblemAsync(loser, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("currentVersion").GetInt32() > version);

        var winner = await JsonAsync(answers.Single(a => a.StatusCode == HttpStatusCode.OK));
        var c = await GetComplaintAsync(first, reference);
        Assert.Equal(2, Kinds(c).Count(k => k == "assigned"));
        Assert.Equal(winner.GetProperty("service").GetString(), c.GetProperty("service").GetString());
        Assert.Equal(2, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "move:assign")));
    }

    public sealed class OnSqlite() : StaffMovesApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffMovesApiTests(DatabaseKind.Postgres);
}
