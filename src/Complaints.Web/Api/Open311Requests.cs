using System.ComponentModel;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// The public read side of Open311: what anyone may see of a commune's requests (docs/open311.md).
public static class Open311Requests
{
    public sealed record Open311ServiceRequest(
        [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
        [property: JsonPropertyName("status"), Description("open or closed")] string Status,
        [property: JsonPropertyName("status_notes")] string? StatusNotes,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
        [property: JsonPropertyName("service_notice")] string ServiceNotice,
        [property: JsonPropertyName("requested_datetime")] string RequestedDatetime,
        [property: JsonPropertyName("updated_datetime")] string UpdatedDatetime,
        [property: JsonPropertyName("expected_datetime")] string ExpectedDatetime,
        [property: JsonPropertyName("address")] string? Address,
        [property: JsonPropertyName("address_id")] string? AddressId,
        [property: JsonPropertyName("zipcode")] string? Zipcode,
        [property: JsonPropertyName("lat")] double? Lat,
        [property: JsonPropertyName("long")] double? Long,
        [property: JsonPropertyName("media_url")] string? MediaUrl,
        [property: JsonPropertyName("extended_attributes")] Open311ExtendedAttributes ExtendedAttributes);

    public sealed record Open311ExtendedAttributes(
        [property: JsonPropertyName("detailed_status"), Description("The complaint's own status (docs/life-cycle-and-roles.md).")] string DetailedStatus);

    const int MaxResults = 1000;
    const int DefaultWindowDays = 90;

    sealed record Row(
        string Reference, ComplaintStatus Status, bool Published, string Description, string? Address,
        double? Latitude, double? Longitude, Category Category, Service? Service,
        DateTime FiledAt, DateTime UpdatedAt, DateOnly ResponseDueOn, string? StatusNotes, Complainant Complainant);

    public static async Task<IResult> ListAsync(
        string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, HttpRequest http, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (commune, error) = await Open311Api.FindCommuneAsync(fmt, jurisdiction, db, ct);
        if (commune is null)
            return error!;
        var query = db.Complaints.AsNoTracking().Where(c => c.CommuneId == commune.Id);
        var q = http.Query;
        var ids = q["service_request_id"].ToString();
        if (!string.IsNullOrWhiteSpace(ids))
        {
            // The specification: a list of ids overrides every other filter.
            var references = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(ComplaintReference.Normalize).Distinct().Take(MaxResults).ToList();
            query = query.Where(c => references.Contains(c.Reference));
        }
        else
        {
            var errors = new List<string>();
            var code = q["service_code"].ToString().Trim();
            if (code.Length > 0)
                query = query.Where(c => c.Category!.Code == code);
            var wanted = q["status"].ToString().ToLowerInvariant()
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            if (wanted.Any(s => s is not ("open" or "closed")))
                errors.Add("status must be open or closed");
            else if (wanted.Count == 1)
            {
                var closed = wanted.Contains("closed");
                var statuses = Enum.GetValues<ComplaintStatus>().Where(s => s.IsClosedForOpen311() == closed).ToList();
                query = query.Where(c => statuses.Contains(c.Status));
            }
            var end = Date(q["end_date"], "end_date", errors) ?? clock.GetUtcNow().UtcDateTime;
            var start = Date(q["start_date"], "start_date", errors) ?? end.AddDays(-DefaultWindowDays);
            if (errors.Count > 0)
                return Open311Api.Errors(fmt, 400, errors);
            query = query.Where(c => c.FiledAt >= start && c.FiledAt <= end);
        }
        var rows = await Select(query).Take(MaxResults).ToListAsync(ct);
        return Open311Api.Answer(fmt, "service_requests", rows.Select(r => Render(r, Localization.Current)).ToList());
    }

    public static async Task<IResult> OneAsync(
        [FromRoute(Name = "service_request_id")] string id, string fmt, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction,
        AppDbContext db, CancellationToken ct)
    {
        var reference = ComplaintReference.Normalize(id);
        // The request found through its commune's code, in one statement; only when none comes back is the commune
        // looked up on its own, to say which of the two is not there (bench/README.md, reading under load).
        if (Open311Api.IsFormat(fmt) && Open311Api.JurisdictionCode(jurisdiction) is { } code)
        {
            var rows = await OneQuery.For(db)(db, code, reference).ToListAsync(ct);
            if (rows.Count > 0)
                return Open311Api.Answer(fmt, "service_requests", rows.Select(r => Render(r, Localization.Current)).ToList());
        }
        var (commune, error) = await Open311Api.FindCommuneAsync(fmt, jurisdiction, db, ct);
        return commune is null ? error! : Open311Api.Error(fmt, 404, $"service_request_id '{reference}' is not a request of jurisdiction '{commune.Code}'");
    }

    static IQueryable<Row> Select(IQueryable<Complaint> query) => query
        .OrderByDescending(c => c.FiledAt).ThenByDescending(c => c.Id).Select(Projection);

    static readonly Expression<Func<Complaint, Row>> Projection = c => new Row(
        c.Reference, c.Status, c.ConsentToPublish, c.Description, c.Address, c.Latitude, c.Longitude, c.Category!, c.Service,
        c.FiledAt, c.UpdatedAt, c.ResponseDueOn,
        // The latest message the commune wrote to the citizen (docs/open311.md), by the allow-list of PublicTimeline;
        // the service's name is not one (agency_responsible gives it in the reader's language).
        c.Timeline.Where(t => t.VisibleToCitizen && t.Text != null && t.Text != "" && PublicTimeline.Kinds.Contains(t.Kind))
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => t.Text).FirstOrDefault(),
        new Complainant { FirstName = c.Complainant.FirstName, LastName = c.Complainant.LastName, Email = c.Complainant.Email, Phone = c.Complainant.Phone });

    // One request by its commune's code and reference, compiled once per model (Data/PerModel.cs): the most frequent
    // read skips translating the query on every call.
    static readonly PerModel<Func<AppDbContext, string, string, IAsyncEnumerable<Row>>> OneQuery = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, string commune, string reference) =>
            context.Complaints.AsNoTracking().Where(c => c.Commune!.Code == commune && c.Reference == reference).Select(Projection)));

    // Description, address and position only with the complainant's consent; never who they are.
    static Open311ServiceRequest Render(Row r, string language) => new(
        ServiceRequestId: r.Reference,
        Status: r.Status.IsClosedForOpen311() ? "closed" : "open",
        StatusNotes: ContactText.Redact(r.StatusNotes, r.Complainant),
        ServiceName: r.Category.Name.In(language),
        ServiceCode: r.Category.Code,
        Description: r.Published ? ContactText.Redact(r.Description, r.Complainant) : null,
        AgencyResponsible: r.Service?.Name.In(language),
        ServiceNotice: Notice(r.ResponseDueOn, language),
        RequestedDatetime: Open311Api.W3c(r.FiledAt),
        UpdatedDatetime: Open311Api.W3c(r.UpdatedAt),
        ExpectedDatetime: Open311Api.W3c(LegalDeadlines.EndOfDay(r.ResponseDueOn)),
        Address: r.Published ? ContactText.Redact(r.Address, r.Complainant) : null,
        AddressId: null,
        Zipcode: null,
        Lat: r.Published ? r.Latitude : null,
        Long: r.Published ? r.Longitude : null,
        MediaUrl: null,
        ExtendedAttributes: new Open311ExtendedAttributes(r.Status.Wire()));

    // Décret 2-17-265: the answer is due within 60 days of filing.
    internal static string Notice(DateOnly due, string language, string? reference = null, string? track = null)
    {
        var day = due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (language == "ar")
            return (reference is null ? "" : $"سُجّل الطلب تحت المرجع {reference}. ")
                + $"أجل الرد القانوني: {day} على أقصى تقدير (المرسوم رقم 2.17.265)."
                + (track is null ? "" : $" احتفظوا برمز الولوج لتتبع الطلب على {track}.");
        return (reference is null ? "" : $"Demande enregistrée sous la référence {reference}. ")
            + $"Délai légal de réponse : le {day} au plus tard (décret n° 2-17-265)."
            + (track is null ? "" : $" Gardez le code d'accès pour suivre la demande sur {track}.");
    }

    // W3C date-times; one without an offset is Moroccan time. A '+' left unencoded arrives as a space.
    static DateTime? Date(string? text, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim().Replace(' ', '+');
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            errors.Add($"{name} must be a W3C date-time, e.g. 2026-03-10T10:30:00+01:00");
            return null;
        }
        if (at.Kind != DateTimeKind.Unspecified)
            return at.ToUniversalTime();
        // An hour skipped when the clocks change is read as the hour after.
        return TimeZoneInfo.ConvertTimeToUtc(LegalDeadlines.Morocco.IsInvalidTime(at) ? at.AddHours(1) : at, LegalDeadlines.Morocco);
    }
}
