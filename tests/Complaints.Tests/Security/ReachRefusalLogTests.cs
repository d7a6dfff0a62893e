using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Security;

// An item of another commune, or of another service for a service agent, answers exactly as an unknown one does, so
// nothing tells the prober it exists; but the operator reads one warning naming the member, their commune and the path.
public abstract partial class ReachRefusalLogTests(DatabaseKind kind) : AppTest(kind)
{
    IReadOnlyList<LogCapture.Entry> Probes() =>
        [.. App.Logs.In(SecurityLog.Category).Where(e => e.EventId.Name == "OutOfReach" && e.Level == LogLevel.Warning)];

    // What a client reads of an answer: its status, its type and its body, without the per-request trace id.
    static async Task<string> AnswerAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}\n"
        + TraceId().Replace(await response.Content.ReadAsStringAsync(), "");

    [GeneratedRegex("\"traceId\":\"[^\"]*\",?|\"requestId\":\"[^\"]*\",?")]
    private static partial Regex TraceId();

    // The out-of-reach address answers what the unknown one answers; it alone logs one probe naming member and path.
    async Task Answers_as_unknown_and_logs(HttpClient client, StaffMember member, string probe, string unknown,
        Func<string, HttpRequestMessage> request, string kind, HttpStatusCode answer = HttpStatusCode.NotFound)
    {
        var before = Probes().Count;
        var missing = await client.SendAsync(request(unknown));
        Assert.Equal(answer, missing.StatusCode);
        var missingAnswer = await AnswerAsync(missing);
        Assert.Equal(before, Probes().Count);

        var probed = await client.SendAsync(request(probe));
        Assert.Equal(missingAnswer, await AnswerAsync(probed));
        var line = Assert.Single(Probes().Skip(before)).Message;
        Assert.Contains($"{request(probe).Method} {request(probe).RequestUri!.OriginalString.Split('?')[0]}", line);
        Assert.Contains($"member {member.Id}", line);
        Assert.Contains($", {kind} ", line);
    }

    static Func<string, HttpRequestMessage> Get(Func<string, string> path) => key => new(HttpMethod.Get, path(key));

    static Func<string, HttpRequestMessage> Patch(Func<string, string> path, object body) => key =>
        new(HttpMethod.Patch, path(key)) { Content = JsonContent.Create(body) };

    [Fact]
    public async Task A_complaint_of_another_commune_answers_as_unknown_on_page_and_api_and_is_logged()
    {
        var elsewhere = (await App.FileAsync(commune: "kenitra", category: "voirie", district: null)).Complaint.Reference;
        var unknown = elsewhere[..^6] + "999999";
        var member = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");

        await Answers_as_unknown_and_logs(await App.StaffBrowserAsync(member), member, elsewhere, unknown,
            Get(r => $"/staff/complaints/{r}"), "complaint");
        var api = await App.ApiAsync(member);
        await Answers_as_unknown_and_logs(api, member, elsewhere, unknown, Get(r => $"/api/v1/complaints/{r}"), "complaint");
        await Answers_as_unknown_and_logs(api, member, elsewhere, unknown,
            r => new(HttpMethod.Post, $"/api/v1/complaints/{r}/notes") { Content = JsonContent.Create(new { text = "Vu." }) }, "complaint");
        // The inbox filtered on another commune is refused as a filter on an unknown one.
        await Answers_as_unknown_and_logs(api, member, "kenitra", "nowhere", Get(c => $"/api/v1/complaints?commune={c}"), "commune",
            HttpStatusCode.BadRequest);
        var commune = await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").Select(c => c.Id).SingleAsync());
        Assert.All(Probes(), p => Assert.Contains($"of commune {commune}", p.Message));
        Assert.All(Probes(), p => Assert.DoesNotContain("amina", p.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_complaint_of_another_service_answers_a_service_agent_as_unknown_and_is_logged()
    {
        var other = (await App.QualifyAsync((await App.FileAsync(category: "voirie")).Complaint.Reference)).Reference;
        var unknown = other[..^6] + "999999";
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "eclairage");

        await Answers_as_unknown_and_logs(await App.StaffBrowserAsync(agent), agent, other, unknown, Get(r => $"/staff/complaints/{r}"), "complaint");
        await Answers_as_unknown_and_logs(await App.ApiAsync(agent), agent, other, unknown, Get(r => $"/api/v1/complaints/{r}"), "complaint");
    }

    [Fact]
    public async Task A_file_of_another_communes_complaint_answers_as_unknown_and_is_logged()
    {
        var own = (await App.FileAsync()).Complaint.Reference;
        var elsewhere = await App.FileAsync(commune: "kenitra", category: "voirie", district: null, files: [("trou.jpg", Samples.Jpeg)]);
        var id = await App.WithDbAsync(db => db.Attachments.Where(a => a.ComplaintId == elsewhere.Complaint.Id).Select(a => a.Id).SingleAsync());
        var member = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");

        await Answers_as_unknown_and_logs(await App.ApiAsync(member), member, id.ToString(), (id + 1000).ToString(),
            a => new(HttpMethod.Get, $"/api/v1/complaints/{own}/attachments/{a}"), "attachment");
    }

    [Fact]
    public async Task An_administrator_asking_for_a_user_service_or_category_of_another_commune_gets_the_unknown_answer_and_is_logged()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var stranger = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        var api = await App.ApiAsync(admin);

        await Answers_as_unknown_and_logs(api, admin, stranger.Id, Guid.NewGuid().ToString(),
            Patch(id => $"/api/v1/users/{id}", new { active = false }), "user");
        await Answers_as_unknown_and_logs(api, admin, "kenitra", "nowhere",
            Patch(c => $"/api/v1/communes/{c}/services/voirie", new { nameFr = "Voirie" }), "commune");
        await Answers_as_unknown_and_logs(api, admin, "kenitra", "nowhere",
            Get(c => $"/api/v1/communes/{c}/categories"), "commune");
        await Answers_as_unknown_and_logs(await App.StaffBrowserAsync(admin), admin, "kenitra", "nowhere",
            Get(c => $"/staff/admin/categories?commune={c}"), "commune");
        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        var issued = await platform.PostAsJsonAsync("/api/v1/communes/kenitra/api-keys", new { name = "Portail de Kénitra" });
        var key = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        await Answers_as_unknown_and_logs(api, admin, key.ToString(), (key + 1000).ToString(),
            k => new(HttpMethod.Delete, $"/api/v1/communes/sefrou/api-keys/{k}"), "api key");
        // Nothing was changed by the probes.
        Assert.False(await App.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == key).Select(k => k.Revoked).SingleAsync()));
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.Id == stranger.Id).Select(u => u.DeactivatedAt == null).SingleAsync()));
    }

    public sealed class OnSqlite() : ReachRefusalLogTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ReachRefusalLogTests(DatabaseKind.Postgres);
}
