using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Audit;

// What the reader asks for, as typed: the person's e-mail, an action name, a complaint reference and Moroccan
// days (yyyy-MM-dd, both included). The commune is resolved beforehand (AdministeredCommune): null reads every
// commune, which only a platform administrator may do.
public sealed record AuditFilter(string? User = null, string? Action = null, string? Complaint = null, string? From = null, string? To = null, int Page = 1);

public sealed record AuditRow(long Id, DateTime At, string Actor, string Action, string? CommuneCode, LocalizedText? CommuneName, string? Reference, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

// The audit log as administrators read it, on the page and through the API. A commune administrator only ever
// reads their commune's rows. Reading it is not a reading of a complainant's personal data: no row's details
// carry contact values (a corrected contact names the fields changed, never their values; ComplaintActions).
public sealed class AuditReader(AppDbContext db)
{
    public const int PageSize = 50;

    // The rows of the filter, newest first; the errors name the bad fields (from, to, action) with a resource key.
    public async Task<(IQueryable<AuditEntry>? Query, Dictionary<string, string> Errors)> QueryAsync(
        StaffScope scope, Commune? commune, AuditFilter filter, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!scope.ManagesUsers || (commune is null && !scope.IsPlatformAdmin) || (commune is not null && !scope.SeesCommune(commune.Id)))
            throw new InvalidOperationException("The audit reader needs an administrator of the commune it reads.");
        DateOnly? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(filter.From))
        {
            if (Period.TryDay(filter.From, out var day))
                from = day;
            else
                errors["from"] = "staff.audit.error.from";
        }
        if (!string.IsNullOrWhiteSpace(filter.To))
        {
            if (Period.TryDay(filter.To, out var day) && !(from > day))
                to = day;
            else
                errors["to"] = "staff.audit.error.to";
        }
        var action = filter.Action?.Trim();
        if (!string.IsNullOrEmpty(action) && !AuditActions.Known.Contains(action))
            errors["action"] = "staff.audit.error.action";
        if (errors.Count > 0)
            return (null, errors);

        var rows = db.AuditEntries.AsNoTracking();
        if (commune is not null)
            rows = rows.Where(a => a.CommuneId == commune.Id);
        if (!string.IsNullOrEmpty(action))
            rows = rows.Where(a => a.Action == action);
        if (from is { } start)
        {
            var since = Period.Midnight(start);
            rows = rows.Where(a => a.At >= since);
        }
        if (to is { } end)
        {
            var before = Period.Midnight(end.AddDays(1));
            rows = rows.Where(a => a.At < before);
        }
        if (filter.User?.Trim() is { Length: > 0 } person)
        {
            // A member of staff by their account (indexed, and right even if the row's e-mail was typed in another
            // case); anything else by the name the row gives ("system", "citizen").
            var normalized = person.ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            rows = userId is not null ? rows.Where(a => a.UserId == userId) : rows.Where(a => a.Actor == person);
        }
        if (filter.Complaint?.Trim() is { Length: > 0 } reference)
        {
            var normalized = ComplaintReference.Normalize(reference);
            var ids = db.Complaints.Where(c => c.Reference == normalized).Select(c => (long?)c.Id);
            rows = rows.Where(a => ids.Contains(a.ComplaintId));
        }
        return (rows.OrderByDescending(a => a.At).ThenByDescending(a => a.Id), errors);
    }

    public async Task<AuditPage> PageAsync(IQueryable<AuditEntry> query, int page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await query.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new AuditPage(await RowsAsync(entries, ct), total, page, PageSize);
    }

    public async Task<List<AuditRow>> AllAsync(IQueryable<AuditEntry> query, CancellationToken ct) =>
        await RowsAsync(await query.ToListAsync(ct), ct);

    // The commune and complaint of each row by their code and reference, read once for the whole list.
    async Task<List<AuditRow>> RowsAsync(List<AuditEntry> entries, CancellationToken ct)
    {
        var communeIds = entries.Where(e => e.CommuneId != null).Select(e => e.CommuneId!.Value).Distinct().ToList();
        var communes = await db.Communes.AsNoTracking().Where(c => communeIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var complaintIds = entries.Where(e => e.ComplaintId != null).Select(e => e.ComplaintId!.Value).Distinct().ToList();
        var references = new Dictionary<long, string>();
        // In slices, so that a large export does not pass thousands of parameters at once.
        foreach (var slice in complaintIds.Chunk(500))
            foreach (var c in await db.Complaints.AsNoTracking().Where(c => slice.Contains(c.Id)).Select(c => new { c.Id, c.Reference }).ToListAsync(ct))
                references[c.Id] = c.Reference;
        return entries.Select(e =>
        {
            var commune = e.CommuneId is { } id && communes.TryGetValue(id, out var found) ? found : null;
            return new AuditRow(e.Id, e.At, e.Actor, e.Action, commune?.Code, commune?.Name,
                e.ComplaintId is { } complaint ? references.GetValueOrDefault(complaint) : null, e.Details);
        }).ToList();
    }
}
