using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// The public read side of Open311: what anyone may see of a commune's requests (docs/open311.md).
public static class Open311Requests
{
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
        var (commune, error) = await Open311Api.FindCommuneAsync(fmt, jurisdiction, db, ct);
        if (commune is null)
            return error!;
        var reference = ComplaintReference.Normalize(id);
        var rows = await Select(db.Complaints.AsNoTracking().Where(c => c.CommuneId == commune.Id && c.Reference == reference)).ToListAsync(ct);
        return rows.Count == 0
            ? Open311Api.Error(fmt, 404, $"service_request_id '{reference}' is not a request of jurisdiction '{commune.Code}'")
            : Open311Api.Answer(fmt, "service_requests", rows.Select(r => Render(r, Localization.Current)).ToList());
    }

    static IQueryable<Row> Select(IQueryable<Complaint> query) => query
        .OrderByDescending(c => c.FiledAt).ThenByDescending(c => c.Id)
        .Select(c => new Row(
            c.Reference, c.Status, c.ConsentToPublish, c.Description, c.Address, c.Latitude, c.Longitude, c.Category!, c.Service,
            c.FiledAt, c.UpdatedAt, c.ResponseDueOn,
            // The latest message the commune wrote to the citizen (docs/open311.md), by the allow-list of PublicTimeline;
            // the service's name is not one (agency_responsible gives it in the reader's language).
            c.Timeline.Where(t => t.VisibleToCitizen && t.Text != null && t.Text != "" && PublicTimeline.Kinds.Contains(t.Kind))
                .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => t.Text).FirstOrDefault(),
            new Complainant { FirstName = c.Complainant.FirstName, LastName = c.Complainant.LastName, Email = c.Complainant.Email, Phone = c.Complainant.Phone }));

    // Description, address and position only with the complainant's consent; never who they are.
    static Fields Render(Row r, string language) => new()
    {
        ["service_request_id"] = r.Reference,
        ["status"] = r.Status.IsClosedForOpen311() ? "closed" : "open",
        ["status_notes"] = Open311Privacy.Redact(r.StatusNotes, r.Complainant),
        ["service_name"] = r.Category.Name.In(language),
        ["service_code"] = r.Category.Code,
        ["description"] = r.Published ? Open311Privacy.Redact(r.Description, r.Complainant) : null,
        ["agency_responsible"] = r.Service?.Name.In(language),
        ["service_notice"] = Notice(r.ResponseDueOn, language),
        ["requested_datetime"] = Open311Api.W3c(r.FiledAt),
        ["updated_datetime"] = Open311Api.W3c(r.UpdatedAt),
        ["expected_datetime"] = Open311Api.W3c(LegalDeadlines.EndOfDay(r.ResponseDueOn)),
        ["address"] = r.Published ? Open311Privacy.Redact(r.Address, r.Complainant) : null,
        ["address_id"] = null,
        ["zipcode"] = null,
        ["lat"] = r.Published ? r.Latitude : null,
        ["long"] = r.Published ? r.Longitude : null,
        ["media_url"] = null,
        ["extended_attributes"] = new Fields { ["detailed_status"] = r.Status.Wire() },
    };

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
