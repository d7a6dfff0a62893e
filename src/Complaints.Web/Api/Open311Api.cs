using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// Open311 GeoReport v2 (docs/open311.md): jurisdiction_id is the commune code, every endpoint answers
// in JSON and XML. Bodies are named records; the XML is written from their JSON, so the two never drift apart.
public static class Open311Api
{
    public sealed record Open311Discovery(
        [property: JsonPropertyName("changeset")] string Changeset,
        [property: JsonPropertyName("contact")] string Contact,
        [property: JsonPropertyName("key_service")] string KeyService,
        [property: JsonPropertyName("endpoints")] IReadOnlyList<Open311Endpoint> Endpoints);

    public sealed record Open311Endpoint(
        [property: JsonPropertyName("specification")] string Specification,
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("changeset")] string Changeset,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("formats")] IReadOnlyList<string> Formats);

    // One complaint category, as GeoReport v2 calls it a service.
    public sealed record Open311Service(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("metadata")] bool Metadata,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("keywords")] string Keywords,
        [property: JsonPropertyName("group")] string? Group);

    public sealed record Open311ServiceDefinition(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("attributes")] IReadOnlyList<Open311Attributes.Open311Attribute> Attributes);

    // Every refusal, whatever the format: [{"code": 400, "description": "..."}].
    public sealed record Open311Error(
        [property: JsonPropertyName("code")] int Code,
        [property: JsonPropertyName("description")] string Description);

    const string Specification = "http://wiki.open311.org/GeoReport_v2";
    // When this API last changed, for clients that cache the discovery document.
    static readonly DateTimeOffset Changeset = new(2026, 3, 10, 0, 0, 0, TimeSpan.FromHours(1));

    // Plain '+', apostrophes and Arabic letters: the body is JSON, never embedded in a page.
    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        // Reads are generous, filing stricter; both per client address, refused with an Open311 error.
        var open311 = app.MapGroup("/open311").WithTags("Open311").RequireRateLimiting(RateLimits.PublicApi)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(IReadOnlyList<Open311Error>), Formats));
        open311.MapGet("/discovery.{fmt}", GetDiscovery)
            .WithName("Open311Discovery").WithSummary("Discovery document: where the GeoReport v2 endpoints are and which formats they speak.")
            .Answers<Open311Discovery>();
        open311.MapGet("/v2/services.{fmt}", Services)
            .WithName("Open311Services").WithSummary("The commune's complaint categories, one service per category.")
            .Answers<IReadOnlyList<Open311Service>>(400);
        open311.MapGet("/v2/services/{service_code}.{fmt}", GetServiceDefinition)
            .WithName("Open311ServiceDefinition").WithSummary("The attributes a request for this service may carry.")
            .Answers<Open311ServiceDefinition>(400);
        open311.MapPost("/v2/requests.{fmt}", Open311Filing.FileAsync)
            .RequireRateLimiting(RateLimits.Open311Filing)
            .WithName("Open311PostRequest").WithSummary("Files a complaint on a citizen's behalf (form-encoded, needs an api_key).")
            .Reads<Open311Filing.Open311NewRequest>("application/x-www-form-urlencoded")
            .Answers<IReadOnlyList<Open311Filing.Open311FiledRequest>>(400, 403);
        open311.MapGet("/v2/requests.{fmt}", Open311Requests.ListAsync)
            .WithName("Open311Requests").WithSummary("Public view of the commune's requests, newest first, at most 1000.")
            .Answers<IReadOnlyList<Open311Requests.Open311ServiceRequest>>(400);
        open311.MapGet("/v2/requests/{service_request_id}.{fmt}", Open311Requests.OneAsync)
            .WithName("Open311Request").WithSummary("One request, as a one-element list.")
            .Answers<IReadOnlyList<Open311Requests.Open311ServiceRequest>>(400);
        return app;
    }

    static readonly string[] Formats = ["application/json", "text/xml"];

    // The success body and the errors an endpoint may answer, in both formats; 404 always (an unknown format
    // or commune), the others as listed.
    static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, params int[] refusals)
    {
        endpoint.Produces<T>(StatusCodes.Status200OK, Formats[0], Formats[1..]);
        foreach (var status in refusals.Append(StatusCodes.Status404NotFound))
            endpoint.Produces<IReadOnlyList<Open311Error>>(status, Formats[0], Formats[1..]);
        return endpoint;
    }

    static IResult GetDiscovery(string fmt, HttpRequest http)
    {
        if (!IsFormat(fmt))
            return UnknownFormat();
        var endpoint = new Open311Endpoint(Specification, $"{http.Scheme}://{http.Host}{http.PathBase}/open311/v2", W3c(Changeset), "production", Formats);
        return Answer(fmt, "discovery", new Open311Discovery(
            W3c(Changeset),
            "The complaints cell of each commune; jurisdiction_id is the commune code.",
            "API keys for filing requests are issued by the platform administrator.",
            [endpoint]));
    }

    static async Task<IResult> Services(string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, AppDbContext db, CancellationToken ct)
    {
        var (commune, error) = await FindCommuneAsync(fmt, jurisdiction, db, ct, filing: true);
        if (commune is null)
            return error!;
        var language = Localization.Current;
        // A deactivated category is no longer offered: it answers like one that never existed.
        var categories = await db.Categories.AsNoTracking().Include(c => c.DefaultService)
            .Where(c => c.CommuneId == commune.Id && c.Active).ToListAsync(ct);
        // Every service has attributes (kind, district, consent, language, then the category's own questions): a client
        // fetches each definition.
        return Answer(fmt, "services", categories.InOrder(language).Select(c => new Open311Service(
            c.Code, c.Name.In(language), c.Description?.In(language), Metadata: true, Type: "realtime", Keywords: "",
            Group: c.DefaultService?.Name.In(language))).ToList());
    }

    static async Task<IResult> GetServiceDefinition(
        [FromRoute(Name = "service_code")] string code, string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, AppDbContext db, CancellationToken ct)
    {
        var (commune, error) = await FindCommuneAsync(fmt, jurisdiction, db, ct, filing: true);
        if (commune is null)
            return error!;
        var category = await db.Categories.AsNoTracking().Include(c => c.Questions.Where(q => q.Active))
            .SingleOrDefaultAsync(c => c.CommuneId == commune.Id && c.Code == code && c.Active, ct);
        if (category is null)
            return Error(fmt, 404, $"service_code '{code}' is not a service of jurisdiction '{commune.Code}'");
        var language = Localization.Current;
        var districts = (await db.Districts.AsNoTracking().Where(d => d.CommuneId == commune.Id && d.Active).ToListAsync(ct)).InOrder(language);
        return Answer(fmt, "service_definition", new Open311ServiceDefinition(code, Open311Attributes.Definition(language, districts, category.Questions)));
    }

    // filing: for what only serves to file (the services, a request posted), an inactive commune is not there.
    internal static async Task<(Commune? Commune, IResult? Error)> FindCommuneAsync(string fmt, string? code, AppDbContext db, CancellationToken ct, bool filing = false)
    {
        if (!IsFormat(fmt))
            return (null, UnknownFormat());
        if (JurisdictionCode(code) is not { } normalized)
            return (null, JurisdictionRequired(fmt));
        return Found(fmt, normalized, await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == normalized, ct), filing);
    }

    // What the commune found for a normalized code, if any, answers (FindCommuneAsync, or a filing that read it with its key).
    internal static (Commune? Commune, IResult? Error) Found(string fmt, string code, Commune? commune, bool filing)
    {
        if (commune is null)
            return (null, Error(fmt, 404, $"jurisdiction_id '{code}' is not a known commune"));
        return filing && !commune.Active ? (null, Error(fmt, 404, $"jurisdiction_id '{code}' takes no requests: the commune is inactive")) : (commune, null);
    }

    internal static IResult JurisdictionRequired(string fmt) => Error(fmt, 400, "jurisdiction_id is required (the commune code, e.g. sefrou)");

    // A commune code as stored: trimmed, lower case; none when blank.
    internal static string? JurisdictionCode(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToLowerInvariant();

    internal static bool IsFormat(string fmt) => fmt is "json" or "xml";

    internal static IResult UnknownFormat() => Error("json", 404, "unknown format: use .json or .xml");

    internal static IResult Answer<T>(string fmt, string root, T body, int status = 200) => fmt == "xml"
        ? Results.Text(Open311Xml.Write(root, JsonSerializer.SerializeToElement(body, Json)), "text/xml; charset=utf-8", statusCode: status)
        : Results.Json(body, Json, "application/json; charset=utf-8", status);

    internal static IResult Error(string fmt, int status, string description) => Errors(fmt, status, [description]);

    internal static IResult Errors(string fmt, int status, IEnumerable<string> descriptions) =>
        Answer(fmt, "errors", descriptions.Select(d => new Open311Error(status, d)).ToList(), status);

    // W3C date-time in Moroccan time with its offset, e.g. 2026-03-10T10:30:00+01:00.
    internal static string W3c(DateTime utc) =>
        W3c(TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), LegalDeadlines.Morocco));

    internal static string W3c(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
