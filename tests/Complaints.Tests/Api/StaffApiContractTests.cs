using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

// What the staff API says before it reads any data: its OpenAPI document, a token that is not one, a body that is not
// JSON. None of it differs by database: SQLite only.
public abstract class StaffApiContractTests(DatabaseKind kind) : StaffApiTest(kind)
{
    [Fact]
    public async Task A_garbage_bearer_token_is_refused()
    {
        var client = StaffAuthApiTests.WithToken(App.CreateClient(), "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/complaints")).StatusCode);
    }

    [Fact]
    public async Task A_login_body_that_is_not_json_names_the_body()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("email=a&password=b",
            System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await InvalidAsync(response, "body");
    }

    // A charset no encoding answers to used to escape as a 500.
    [Fact]
    public async Task A_json_body_in_an_unknown_charset_names_the_body()
    {
        var content = new StringContent("{\"email\":\"a@example.test\",\"password\":\"b\"}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");
        await InvalidAsync(await App.CreateClient().PostAsync("/api/v1/auth/login", content), "body");
    }

    [Fact]
    public async Task The_openapi_document_is_public_and_lists_the_staff_endpoints()
    {
        var doc = await OkAsync(await App.CreateClient().GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/complaints", "/api/v1/complaints/{reference}",
            "/api/v1/complaints/{reference}/qualify", "/api/v1/complaints/{reference}/assign", "/api/v1/complaints/{reference}/notes",
            "/api/v1/complaints/{reference}/responses", "/api/v1/complaints/{reference}/proposals",
            "/api/v1/complaints/{reference}/information-requests", "/api/v1/complaints/{reference}/start",
            "/api/v1/complaints/{reference}/close", "/api/v1/complaints/{reference}/reopen",
            "/api/v1/communes/{code}/services", "/api/v1/communes/{code}/categories", "/api/v1/communes/{code}/users",
            "/api/v1/communes/{code}/districts", "/api/v1/communes/{code}/services/{service}",
            "/api/v1/communes/{code}/categories/{category}", "/api/v1/communes/{code}/districts/{district}",
            "/api/v1/communes/{code}/stats", "/api/v1/public/stats",
        ];
        Assert.All(expected, p => Assert.Contains(p, paths));
        var list = doc.GetProperty("paths").GetProperty("/api/v1/complaints");
        Assert.True(list.TryGetProperty("get", out _));
        Assert.True(list.TryGetProperty("post", out _));
    }

    public sealed class OnSqlite() : StaffApiContractTests(DatabaseKind.Sqlite);
}
