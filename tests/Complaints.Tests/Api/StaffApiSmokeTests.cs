using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

public abstract class StaffApiSmokeTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_cell_agent_takes_a_counter_complaint_to_a_definitive_answer()
    {
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var filed = await cell.PostAsJsonAsync("/api/v1/complaints", new
        {
            commune = "sefrou", category = "eclairage-public", channel = "counter",
            description = "Lampadaire éteint depuis une semaine, rue 3.",
            complainant = new { firstName = "Karim", lastName = "Test", phone = "0612345678" },
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var reference = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString();
        Assert.Equal("SEF-2026-000001", reference);

        var qualified = await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/qualify", new { admissible = true });
        var body = await qualified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("assigned", body.GetProperty("status").GetString());
        Assert.Equal("eclairage", body.GetProperty("service").GetString());

        var answered = await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/responses", new { text = "Lampe remplacée.", definitive = true });
        Assert.Equal("answered", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var illegal = await cell.PostAsJsonAsync($"/api/v1/complaints/{reference}/assign", new { service = "voirie" });
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
        var problem = await illegal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["close", "reopen"], problem.GetProperty("allowedMoves").EnumerateArray().Select(m => m.GetString()).Order());
    }

    [Fact]
    public async Task Without_a_token_the_API_answers_401()
    {
        var response = await App.CreateClient().GetAsync("/api/v1/complaints");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public sealed class OnSqlite() : StaffApiSmokeTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffApiSmokeTests(DatabaseKind.Postgres);
}
