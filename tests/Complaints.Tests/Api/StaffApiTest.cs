using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

public sealed record Filed(string Reference, string AccessCode);

// What the staff API tests share: filing at the counter, reading a complaint, making a move,
// and reading the problem details the API answers with.
public abstract class StaffApiTest(DatabaseKind kind) : AppTest(kind)
{
    protected const string Description = "Lampadaire éteint depuis une semaine devant le numéro 3.";

    // A complaints-cell agent of the commune, signed in to the API.
    protected async Task<HttpClient> CellAsync(string commune = "sefrou", string language = "fr") =>
        await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell, commune), language);

    protected static async Task<Filed> IntakeAsync(HttpClient client, string commune = "sefrou", string category = "eclairage-public",
        string description = Description, string language = "fr", string channel = "counter", object? complainant = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune, category, channel, description, language,
            complainant = complainant ?? new { firstName = "Karim", lastName = "Bennani", email = "karim@example.test", phone = "0612345678" },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await JsonAsync(response);
        return new Filed(body.GetProperty("reference").GetString()!, body.GetProperty("accessCode").GetString()!);
    }

    // Files and qualifies as admissible: the complaint is assigned to the category's service.
    protected static async Task<string> AssignedAsync(HttpClient cell, string commune = "sefrou", string category = "eclairage-public",
        string description = Description, object? complainant = null)
    {
        var filed = await IntakeAsync(cell, commune, category, description, complainant: complainant);
        await OkAsync(await MoveAsync(cell, filed.Reference, "qualify", new { admissible = true }));
        return filed.Reference;
    }

    protected static Task<HttpResponseMessage> MoveAsync(HttpClient client, string reference, string move, object? body, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/complaints/{reference}/{move}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (ifMatch is { } v)
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        return client.SendAsync(request);
    }

    protected static async Task<JsonElement> GetComplaintAsync(HttpClient client, string reference) =>
        await OkAsync(await client.GetAsync($"/api/v1/complaints/{reference}"));

    protected static async Task<JsonElement> ListAsync(HttpClient client, string query = "") =>
        await OkAsync(await client.GetAsync($"/api/v1/complaints{query}"));

    protected static string[] References(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!).ToArray();

    protected static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    // A problem-details answer (RFC 9457) with this status; returns its body.
    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    // A 400 that names exactly these fields, each with a message.
    protected static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(fields.Order(), errors.EnumerateObject().Select(e => e.Name).Order());
        foreach (var e in errors.EnumerateObject())
            Assert.False(string.IsNullOrWhiteSpace(e.Value[0].GetString()), e.Name);
        return problem;
    }

    protected static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    protected static JsonElement[] Timeline(JsonElement complaint) => complaint.GetProperty("timeline").EnumerateArray().ToArray();

    protected static string[] Kinds(JsonElement complaint) => Timeline(complaint).Select(t => t.GetProperty("kind").GetString()!).ToArray();
}
