using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

public enum InboxSort { Deadline, DeadlineDesc, Filed, FiledDesc, Reference }

// What an inbox or the API list asks for; every field is optional.
public sealed class InboxFilter
{
    public string? Commune { get; set; }
    public string? Status { get; set; }
    public string? Category { get; set; }
    public string? Service { get; set; }
    public string? District { get; set; }
    public string? Channel { get; set; }
    public string? Q { get; set; }
    public bool? Overdue { get; set; }
    public InboxSort Sort { get; set; } = InboxSort.Deadline;
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 25;
}

public sealed record InboxRow(
    long Id, string Reference, string CommuneCode, ComplaintStatus Status, ComplaintKind Kind, Channel Channel,
    string CategoryCode, LocalizedText Category, string? ServiceCode, LocalizedText? Service,
    LocalizedText? District, DateTime FiledAt, DateOnly ResponseDueOn, bool AwaitingCitizen, string Excerpt, bool ClockPaused)
{
    public bool IsOverdue(DateOnly today) => Complaint.IsLate(Status, ResponseDueOn, today);
}

public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

// The filtered, sorted, paged list behind the staff inboxes and GET /api/v1/complaints.
public sealed class Inbox(AppDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public const int MaxPageSize = 100;

    public DateOnly Today => LegalDeadlines.LocalDate(clock.GetUtcNow().UtcDateTime);

    // Null when a filter names something that does not exist: the field name says which.
    public async Task<(InboxPage? Page, Dictionary<string, string> Errors)> ListAsync(StaffScope scope, InboxFilter f, CancellationToken ct)
    {
        var (q, errors) = await QueryAsync(scope, f, ct);
        if (f.Page < 1)
            errors["page"] = "error.page.invalid";
        if (f.PageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = "error.pagesize.invalid";
        if (errors.Count > 0)
            return (null, errors);

        var total = await q.CountAsync(ct);
        var rows = await q.Skip((f.Page - 1) * f.PageSize).Take(f.PageSize)
            .Select(c => new InboxRow(c.Id, c.Reference, c.Commune!.Code, c.Status, c.Kind, c.Channel,
                c.Category!.Code, new LocalizedText(c.Category.NameFr, c.Category.NameAr),
                c.Service != null ? c.Service.Code : null, c.Service != null ? new LocalizedText(c.Service.NameFr, c.Service.NameAr) : null,
                c.District != null ? new LocalizedText(c.District.NameFr, c.District.NameAr) : null,
                c.FiledAt, c.ResponseDueOn, c.AwaitingCitizen,
                c.Description.Length > 140 ? c.Description.Substring(0, 140) : c.Description,
                c.ClockPausedAt != null))
            .ToListAsync(ct);
        return (new InboxPage(rows, total, f.Page, f.PageSize), errors);
    }

    // Every complaint the filter and the caller's scope let through, sorted, not paged (the list and the exports).
    // The errors name the filters that name something unknown; the query is then not to be run.
    public async Task<(IQueryable<Complaint> Query, Dictionary<string, string> Errors)> QueryAsync(StaffScope scope, InboxFilter f, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var q = scope.Visible(db.Complaints.AsNoTracking());

        if (!string.IsNullOrWhiteSpace(f.Commune))
        {
            var communeId = await db.Communes.Where(c => c.Code == f.Commune).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
            if (communeId is null || !scope.SeesCommune(communeId.Value))
            {
                errors["commune"] = "error.commune.unknown";
                await ReachRefusals.CommuneAsync(http.HttpContext, scope, communeId is null ? null : f.Commune, ct);
            }
            else
                q = q.Where(c => c.CommuneId == communeId);
        }
        if (!string.IsNullOrWhiteSpace(f.Status))
        {
            var wanted = new List<ComplaintStatus>();
            foreach (var part in f.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = Enum.GetValues<ComplaintStatus>().Where(s => s.Wire() == part).ToList();
                if (match.Count == 0)
                    errors["status"] = "error.status.unknown";
                wanted.AddRange(match);
            }
            q = q.Where(c => wanted.Contains(c.Status));
        }
        if (!string.IsNullOrWhiteSpace(f.Category))
            q = q.Where(c => c.Category!.Code == f.Category);
        if (!string.IsNullOrWhiteSpace(f.Service))
            q = q.Where(c => c.Service!.Code == f.Service);
        if (!string.IsNullOrWhiteSpace(f.District))
            q = q.Where(c => c.District!.Code == f.District);
        if (!string.IsNullOrWhiteSpace(f.Channel))
        {
            var channel = Enum.GetValues<Channel>().Where(x => x.Wire() == f.Channel).Cast<Channel?>().FirstOrDefault();
            if (channel is null)
                errors["channel"] = "error.channel.unknown";
            q = q.Where(c => c.Channel == channel);
        }
        var today = Today;
        if (f.Overdue == true)
            q = q.Where(Complaint.LateOn(today));
        else if (f.Overdue == false)
            q = q.Where(Complaint.NotLateOn(today));
        if (!string.IsNullOrWhiteSpace(f.Q))
            q = Search(q, f.Q.Trim(), scope.SearchesPersonalData);
        var sorted = f.Sort switch
        {
            InboxSort.DeadlineDesc => q.OrderByDescending(c => c.ResponseDueOn).ThenByDescending(c => c.Id),
            InboxSort.Filed => q.OrderBy(c => c.FiledAt).ThenBy(c => c.Id),
            InboxSort.FiledDesc => q.OrderByDescending(c => c.FiledAt).ThenByDescending(c => c.Id),
            InboxSort.Reference => q.OrderBy(c => c.Reference),
            _ => q.OrderBy(c => c.ResponseDueOn).ThenBy(c => c.Id),
        };
        return (sorted, errors);
    }

    // Folded columns (Complaint.RefreshSearch) and LIKE: a trigram index serves it on PostgreSQL.
    static IQueryable<Complaint> Search(IQueryable<Complaint> q, string text, bool personalData)
    {
        var pattern = SearchTerms.ContainsPattern(text);
        return personalData
            ? q.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\") || EF.Functions.Like(c.SearchPersonal!, pattern, "\\"))
            : q.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
    }
}
