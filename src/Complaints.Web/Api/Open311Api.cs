using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// Open311 GeoReport v2 (docs/open311.md): jurisdiction_id is the commune code, every endpoint answers
// in JSON and XML. Bodies are ordered field maps so that one writer per format serves them all.
public static class Open311Api
{
    const string Specification = "http://wiki.open311.org/GeoReport_v2";
    // When this API last changed, for clients that cache the discovery document.
    static readonly DateTimeOffset Changeset = new(2026, 3, 10, 0, 0, 0, TimeSpan.FromHours(1));

    // Plain '+', apostrophes and Arabic letters: the body is JSON, never embedded in a page.
    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var open311 = app.MapGroup("/open311").WithTags("Open311");
        open311.MapGet("/discovery.{fmt}", Discovery)
            .WithName("Open311Discovery").WithSummary("Discovery document: where the GeoReport v2 endpoints are and which formats they speak.");
        open311.MapGet("/v2/services.{fmt}", Services)
            .WithName("Open311Services").WithSummary("The commune's complaint categories, one service per category.");
        open311.MapGet("/v2/services/{service_code}.{fmt}", ServiceDefinition)
            .WithName("Open311ServiceDefinition").WithSummary("The attributes a request for this service may carry.");
        open311.MapPost("/v2/requests.{fmt}", Open311Filing.FileAsync)
            .RequireRateLimiting(RateLimits.CitizenWrites)
            .WithName("Open311PostRequest").WithSummary("Files a complaint on a citizen's behalf (form-encoded, needs an api_key).");
        open311.MapGet("/v2/requests.{fmt}", Open311Requests.ListAsync)
            .WithName("Open311Requests").WithSummary("Public view of the commune's requests, newest first, at most 1000.");
        open311.MapGet("/v2/requests/{service_request_id}.{fmt}", Open311Requests.OneAsync)
            .WithName("Open311Request").WithSummary("One request, as a one-element list.");
        return app;
    }

    static IResult Discovery(string fmt, HttpRequest http)
    {
        if (!IsFormat(fmt))
            return UnknownFormat();
        var endpoint = new Fields
        {
            ["specification"] = Specification,
            ["url"] = $"{http.Scheme}://{http.Host}{http.PathBase}/open311/v2",
            ["changeset"] = W3c(Changeset),
            ["type"] = "production",
            ["formats"] = new List<string> { "application/json", "text/xml" },
        };
        return Answer(fmt, "discovery", new Fields
        {
            ["changeset"] = W3c(Changeset),
            ["contact"] = "The complaints cell of each commune; jurisdiction_id is the commune code.",
            ["key_service"] = "API keys for filing requests are issued by the platform administrator.",
            ["endpoints"] = new List<Fields> { endpoint },
        });
    }

    static async Task<IResult> Services(string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, AppDbContext db, CancellationToken ct)
    {
        var (commune, error) = await FindCommuneAsync(fmt, jurisdiction, db, ct);
        if (commune is null)
            return error!;
        var language = Localization.Current;
        var categories = await db.Categories.AsNoTracking().Include(c => c.DefaultService)
            .Where(c => c.CommuneId == commune.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(ct);
        return Answer(fmt, "services", categories.Select(c => new Fields
        {
            ["service_code"] = c.Code,
            ["service_name"] = c.Name.In(language),
            ["description"] = c.Description?.In(language),
            ["metadata"] = true,
            ["type"] = "realtime",
            ["keywords"] = "",
            ["group"] = c.DefaultService?.Name.In(language),
        }).ToList());
    }

    static async Task<IResult> ServiceDefinition(
        [FromRoute(Name = "service_code")] string code, string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, AppDbContext db, CancellationToken ct)
    {
        var (commune, error) = await FindCommuneAsync(fmt, jurisdiction, db, ct);
        if (commune is null)
            return error!;
        if (!await db.Categories.AnyAsync(c => c.CommuneId == commune.Id && c.Code == code, ct))
            return Error(fmt, 404, $"service_code '{code}' is not a service of jurisdiction '{commune.Code}'");
        var districts = await db.Districts.AsNoTracking().Where(d => d.CommuneId == commune.Id).OrderBy(d => d.Code).ToListAsync(ct);
        var language = Localization.Current;
        return Answer(fmt, "service_definition", new Fields
        {
            ["service_code"] = code,
            ["attributes"] = Open311Attributes.Definition(language, districts),
        });
    }

    internal static async Task<(Commune? Commune, IResult? Error)> FindCommuneAsync(string fmt, string? code, AppDbContext db, CancellationToken ct)
    {
        if (!IsFormat(fmt))
            return (null, UnknownFormat());
        if (string.IsNullOrWhiteSpace(code))
            return (null, Error(fmt, 400, "jurisdiction_id is required (the commune code, e.g. sefrou)"));
        code = code.Trim().ToLowerInvariant();
        var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        return commune is null ? (null, Error(fmt, 404, $"jurisdiction_id '{code}' is not a known commune")) : (commune, null);
    }

    internal static bool IsFormat(string fmt) => fmt is "json" or "xml";

    internal static IResult UnknownFormat() => Error("json", 404, "unknown format: use .json or .xml");

    internal static IResult Answer(string fmt, string root, object body, int status = 200) => fmt == "xml"
        ? Results.Text(Open311Xml.Write(root, body), "text/xml; charset=utf-8", statusCode: status)
        : Results.Json(body, Json, "application/json; charset=utf-8", status);

    internal static IResult Error(string fmt, int status, string description) => Errors(fmt, status, [description]);

    internal static IResult Errors(string fmt, int status, IEnumerable<string> descriptions) =>
        Answer(fmt, "errors", descriptions.Select(d => new Fields { ["code"] = status, ["description"] = d }).ToList(), status);

    // W3C date-time in Moroccan time with its offset, e.g. 2026-03-10T10:30:00+01:00.
    internal static string W3c(DateTime utc) =>
        W3c(TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), LegalDeadlines.Morocco));

    internal static string W3c(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

// An ordered field map: JSON writes it as an object, Open311Xml as elements.
public sealed class Fields : Dictionary<string, object?>;
