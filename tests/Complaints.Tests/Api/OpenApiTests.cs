using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

// /openapi/v1.json as a client generator reads it: every answer, body and refusal of the two APIs.
public abstract class OpenApiTests(DatabaseKind kind) : AppTest(kind)
{
    static readonly string[] Writes = ["post", "put", "patch"];
    // Actions named by their path alone, which read no body (signing members out): nothing in them can be malformed.
    static readonly string[] Bodiless = ["/api/v1/users/{id}/sessions/end", "/api/v1/sessions/end-all"];

    sealed record Operation(string Method, string Path, JsonElement Body)
    {
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";

        public JsonElement? Response(int status) =>
            Body.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var r) ? r : null;

        public IEnumerable<int> Statuses => Body.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture));
    }

    async Task<JsonElement> DocumentAsync()
    {
        var response = await App.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static List<Operation> Operations(JsonElement document) =>
    [
        .. document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal) || p.Name.StartsWith("/open311/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => new Operation(o.Name, p.Name, o.Value))),
    ];

    // A schema with something in it: a reference to a named one, or an inline one with a type or alternatives.
    static bool HasSchema(JsonElement? content) =>
        content is { ValueKind: JsonValueKind.Object } c && c.EnumerateObject().Any()
        && c.EnumerateObject().All(media => media.Value.TryGetProperty("schema", out var schema)
            && (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _) || schema.TryGetProperty("oneOf", out _)));

    static JsonElement? Content(JsonElement? part) =>
        part is { } p && p.TryGetProperty("content", out var content) ? content : null;

    static IEnumerable<string> Properties(JsonElement document, string schema) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name);

    [Fact]
    public async Task Every_operation_describes_its_answer_its_body_and_its_refusals()
    {
        var document = await DocumentAsync();
        var operations = Operations(document);
        Assert.Contains(operations, o => o.Path == "/api/v1/complaints/{reference}/qualify");
        Assert.Contains(operations, o => o.Path == "/open311/v2/requests.{fmt}" && o.Method == "post");

        var missing = new List<string>();
        foreach (var op in operations)
        {
            // 204 No Content (a revocation) is the one success that has nothing to describe.
            if (!op.Statuses.Any(s => s is >= 200 and < 300 && (HasSchema(Content(op.Response(s))) || s == 204 && Content(op.Response(s)) is null)))
                missing.Add($"{op}: no success answer with a schema");
            var reads = Writes.Contains(op.Method) && !Bodiless.Contains(op.Path);
            if (reads
                && !(op.Body.TryGetProperty("requestBody", out var body) && HasSchema(Content(body))))
                missing.Add($"{op}: no request body schema");
            // A reference, a commune, a service or a format in the path may name nothing.
            if (op.Path.Contains('{') && op.Response(404) is null)
                missing.Add($"{op}: no 404");
            // A body can always be malformed; the staff API names the field, Open311 describes it.
            if (reads && op.Response(400) is null)
                missing.Add($"{op}: no 400");
            if (op.Path.StartsWith("/api/v1/complaints/{reference}/", StringComparison.Ordinal) && op.Method == "post" && op.Response(409) is null)
                missing.Add($"{op}: a move without its 409");
            // Every refusal that has a body says what it looks like (a 401 of the bearer handler has none).
            foreach (var status in op.Statuses.Where(s => s >= 400 && s != 401))
                if (!HasSchema(Content(op.Response(status))))
                    missing.Add($"{op}: {status} without a schema");
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task What_the_app_answers_to_a_call_with_nothing_right_in_it_is_in_the_document()
    {
        var document = await DocumentAsync();
        var anonymous = App.CreateClient();
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var undocumented = new List<string>();
        foreach (var op in Operations(document))
            foreach (var (who, client) in new[] { ("anonymous", anonymous), ("cell", cell) })
            {
                var status = (int)(await client.SendAsync(Request(op))).StatusCode;
                if (op.Response(status) is null)
                    undocumented.Add($"{op} as {who}: {status}");
            }
        Assert.Empty(undocumented);
    }

    // Path values that name nothing, an empty JSON object or form: each endpoint answers with one of its refusals.
    static HttpRequestMessage Request(Operation op)
    {
        var path = op.Path
            .Replace("{fmt}", "json", StringComparison.Ordinal)
            .Replace("{reference}", "SEF-2026-999999", StringComparison.Ordinal)
            .Replace("{code}", "nowhere", StringComparison.Ordinal)
            .Replace("{service_code}", "nothing", StringComparison.Ordinal)
            .Replace("{service_request_id}", "SEF-2026-999999", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), path);
        if (Writes.Contains(op.Method))
            request.Content = path.StartsWith("/open311/", StringComparison.Ordinal)
                ? new FormUrlEncodedContent([])
                : JsonContent.Create(new { });
        return request;
    }

    [Fact]
    public async Task The_named_schemas_carry_the_fields_the_api_answers()
    {
        var document = await DocumentAsync();

        Assert.Superset(new HashSet<string> { "reference", "commune", "status", "category", "service", "channel", "filedAt", "deadline", "timeline", "allowedMoves", "version" },
            Properties(document, "ComplaintDetail").ToHashSet());
        Assert.Superset(new HashSet<string> { "at", "actor", "kind", "text", "visibleToCitizen" }, Properties(document, "TimelineItem").ToHashSet());
        Assert.Superset(new HashSet<string> { "items", "total", "page", "pageSize" }, Properties(document, "ComplaintList").ToHashSet());
        Assert.Superset(new HashSet<string> { "received", "treated", "definitiveResponse", "medianDaysToDefinitiveResponse", "withinDeadlineRate", "byCategory", "byMonth" },
            Properties(document, "CommuneStats").ToHashSet());
        Assert.Superset(new HashSet<string> { "service_request_id", "status", "expected_datetime", "agency_responsible", "extended_attributes" },
            Properties(document, "Open311ServiceRequest").ToHashSet());
        Assert.Equal(["code", "description"], Properties(document, "Open311Error"));
        foreach (var item in new[] { "ServiceItem", "CategoryItem", "DistrictItem" })
            Assert.Superset(new HashSet<string> { "code", "name", "nameFr", "nameAr", "active", "sortOrder" }, Properties(document, item).ToHashSet());
        Assert.Superset(new HashSet<string> { "service", "descriptionFr", "descriptionAr" }, Properties(document, "CategoryItem").ToHashSet());
        Assert.Superset(new HashSet<string> { "code", "nameFr", "nameAr", "active", "sortOrder", "service" }, Properties(document, "CategoryBody").ToHashSet());
        var createDistrict = Operations(document).Single(o => o.Path == "/api/v1/communes/{code}/districts" && o.Method == "post");
        Assert.NotNull(createDistrict.Response(201));
        Assert.NotNull(createDistrict.Response(409));
        Assert.Equal(["id", "name", "createdAt", "lastUsedAt", "revoked"], Properties(document, "ApiKeyItem"));
        Assert.Equal(["id", "name", "key"], Properties(document, "CreatedApiKey"));
        Assert.Equal(["items", "total", "page", "pageSize"], Properties(document, "AuditList"));
        Assert.Superset(new HashSet<string> { "at", "actor", "action", "commune", "complaint", "details" }, Properties(document, "AuditItem").ToHashSet());

        var qualify = Operations(document).Single(o => o.Path == "/api/v1/complaints/{reference}/qualify");
        var conflict = Content(qualify.Response(409))!.Value.GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.Superset(new HashSet<string> { "title", "status", "detail", "complaintStatus", "allowedMoves", "currentVersion" },
            Properties(document, conflict.Split('/')[^1]).ToHashSet());
        var invalid = Content(qualify.Response(400))!.Value.GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.Contains("errors", Properties(document, invalid.Split('/')[^1]));
        var body = qualify.Body.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.Superset(new HashSet<string> { "admissible", "category", "reason" }, Properties(document, body.Split('/')[^1]).ToHashSet());

        var intake = Operations(document).Single(o => o.Path == "/api/v1/complaints" && o.Method == "post");
        Assert.NotNull(intake.Response(201));
        Assert.Null(intake.Response(200));
    }

    // The document is built from the endpoints' declarations, never from the data: one database is enough.
    public sealed class OnSqlite() : OpenApiTests(DatabaseKind.Sqlite);
}
