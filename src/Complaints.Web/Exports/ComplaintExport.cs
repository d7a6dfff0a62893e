using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Exports;

// One complaint as an export line: no description; who complained only for those allowed to see it.
public sealed record ExportRow(
    string Reference, int CommuneId, string CommuneCode, DateTime FiledAt, ComplaintKind Kind, Channel Channel,
    LocalizedText Category, LocalizedText? District, LocalizedText? Service,
    ComplaintStatus Status, DateOnly TransmissionDueOn, DateOnly ResponseDueOn, DateTime? DefinitiveAt, int? DaysToDefinitive,
    bool? WithinDeadline, int ReopenCount, bool? Satisfied,
    string? LastName, string? FirstName, string? Email, string? Phone, string? Address);

// A column of an export: its heading and, for one line, a string, a number (int), a Moroccan date (DateOnly)
// or a Moroccan date and time (DateTime), so that the spreadsheet gets typed cells and the CSV the same text.
public sealed record ExportColumn(string Heading, Func<ExportRow, object?> Value, double Width);

public sealed record ExportTable(IReadOnlyList<ExportColumn> Columns, IReadOnlyList<ExportRow> Rows, bool PersonalData, string Language);

public abstract record ExportResult
{
    public sealed record Ready(ExportTable Table) : ExportResult;
    public sealed record Invalid(Dictionary<string, string> Errors) : ExportResult;
    public sealed record TooMany(int Count, int Limit) : ExportResult;
}

// The staff inbox's list, every line the filters and the caller's scope let through, for a CSV or Excel file.
public sealed class ComplaintExport(Inbox inbox, AuditLog audit, AppDbContext db, TimeProvider clock, IConfiguration config,
    IStringLocalizer<SharedResource> l)
{
    public const int DefaultMaxRows = 100_000;

    public int MaxRows => config.GetValue("Exports:MaxRows", DefaultMaxRows);

    public async Task<ExportResult> LoadAsync(StaffScope scope, InboxFilter filter, string format, string language, CancellationToken ct)
    {
        var (query, errors) = await inbox.QueryAsync(scope, filter, ct);
        if (errors.Count > 0)
            return new ExportResult.Invalid(errors);
        var count = await query.CountAsync(ct);
        if (count > MaxRows)
            return new ExportResult.TooMany(count, MaxRows);

        // A column the caller may not see (StaffScope.Sees) is not even read from the database.
        var names = scope.Sees(PersonalField.Names);
        var email = scope.Sees(PersonalField.Email);
        var phone = scope.Sees(PersonalField.Phone);
        var address = scope.Sees(PersonalField.Address);
        var personal = names || email || phone || address;
        var rows = await query.Select(c => new ExportRow(
                c.Reference, c.CommuneId, c.Commune!.Code, c.FiledAt, c.Kind, c.Channel,
                new LocalizedText(c.Category!.NameFr, c.Category.NameAr),
                c.District != null ? new LocalizedText(c.District.NameFr, c.District.NameAr) : null,
                c.Service != null ? new LocalizedText(c.Service.NameFr, c.Service.NameAr) : null,
                c.Status, c.TransmissionDueOn, c.ResponseDueOn, c.DefinitiveAt, c.DaysToDefinitive, c.DefinitiveWithinDeadline,
                c.ReopenCount, c.Satisfied,
                names ? c.Complainant.LastName : null, names ? c.Complainant.FirstName : null,
                email ? c.Complainant.Email : null, phone ? c.Complainant.Phone : null, address ? c.Address : null))
            .ToListAsync(ct);

        // Loi 09-08: a file that names complainants is a reading of their personal data, written down once per export.
        if (personal && rows.Count > 0)
        {
            var communes = rows.Select(r => r.CommuneId).Distinct().ToList();
            await audit.RecordNowAsync(scope, AuditActions.ReadPersonalData, communes.Count == 1 ? communes[0] : null, null,
                $"export {format}: {rows.Count} complaints");
        }
        return new ExportResult.Ready(new ExportTable(Columns(scope, language), rows, personal, language));
    }

    // plaintes-sefrou-2026-06-15.csv: the commune exported (when there is one) and the Moroccan day.
    public async Task<string> FileNameAsync(StaffScope scope, InboxFilter filter, string extension, CancellationToken ct)
    {
        var commune = scope.CommuneId is { } id
            ? await db.Communes.Where(c => c.Id == id).Select(c => c.Code).SingleOrDefaultAsync(ct)
            : filter.Commune;
        var day = LegalDeadlines.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(commune) ? $"plaintes-{day}.{extension}" : $"plaintes-{commune}-{day}.{extension}";
    }

    List<ExportColumn> Columns(StaffScope scope, string language)
    {
        var today = LegalDeadlines.Today(clock);
        string YesNo(bool value) => l[value ? "staff.export.yes" : "staff.export.no"];
        // What the figures count as a definitive response: one that still stands (a reopened complaint's no longer does).
        bool Stands(ExportRow r) => Figures.IsDefinitive(r.Status);

        var columns = new List<ExportColumn> { new(l["staff.export.column.reference"], r => r.Reference, 18) };
        if (scope.IsPlatformAdmin)
            columns.Add(new(l["staff.export.column.commune"], r => r.CommuneCode, 12));
        columns.AddRange(
        [
            new(l["staff.export.column.filed"], r => Local(r.FiledAt), 17),
            new(l["staff.export.column.kind"], r => l[$"kind.{r.Kind.Wire()}"].Value, 14),
            new(l["staff.export.column.channel"], r => l[$"channel.{r.Channel.Wire()}"].Value, 14),
            new(l["staff.export.column.category"], r => r.Category.In(language), 24),
            new(l["staff.export.column.district"], r => r.District?.In(language), 16),
            new(l["staff.export.column.service"], r => r.Service?.In(language), 24),
            new(l["staff.export.column.status"], r => l[$"status.{r.Status.Wire()}"].Value, 22),
            new(l["staff.export.column.transmission"], r => r.TransmissionDueOn, 13),
            new(l["staff.export.column.response"], r => r.ResponseDueOn, 13),
            new(l["staff.export.column.definitive"], r => Stands(r) && r.DefinitiveAt is { } at ? LegalDeadlines.LocalDate(at) : null, 13),
            new(l["staff.export.column.days"], r => Stands(r) ? r.DaysToDefinitive : null, 10),
            new(l["staff.export.column.within"], r => Stands(r) && r.WithinDeadline is { } w ? YesNo(w) : null, 10),
            new(l["staff.export.column.late"], r => YesNo(Figures.IsOverdue(r.Status, r.ResponseDueOn, today)), 10),
            new(l["staff.export.column.reopened"], r => r.ReopenCount, 10),
            new(l["staff.export.column.satisfaction"], r => r.Satisfied is { } s ? l[s ? "staff.export.satisfied" : "staff.export.dissatisfied"].Value : null, 14),
        ]);
        if (scope.Sees(PersonalField.Names))
            columns.AddRange(
            [
                new(l["staff.export.column.lastname"], r => r.LastName, 18),
                new(l["staff.export.column.firstname"], r => r.FirstName, 18),
            ]);
        if (scope.Sees(PersonalField.Email))
            columns.Add(new(l["staff.export.column.email"], r => r.Email, 28));
        if (scope.Sees(PersonalField.Phone))
            columns.Add(new(l["staff.export.column.phone"], r => r.Phone, 16));
        if (scope.Sees(PersonalField.Address))
            columns.Add(new(l["staff.export.column.address"], r => r.Address, 30));
        return columns;
    }

    static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), LegalDeadlines.Morocco);
}
