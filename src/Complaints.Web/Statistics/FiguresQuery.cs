using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Statistics;

public sealed record StatsFilter(int? CategoryId = null, int? ServiceId = null, int? DistrictId = null)
{
    public static readonly StatsFilter None = new();

    public IQueryable<Complaint> Apply(IQueryable<Complaint> complaints)
    {
        if (CategoryId is { } category)
            complaints = complaints.Where(c => c.CategoryId == category);
        if (ServiceId is { } service)
            complaints = complaints.Where(c => c.ServiceId == service);
        if (DistrictId is { } district)
            complaints = complaints.Where(c => c.DistrictId == district);
        return complaints;
    }
}

// One line of a breakdown: a category, service, district (Code null: none yet), channel or month ("2026-03").
// Name is null for a line that has none of its own (a channel, a month, "no service yet").
public sealed record Breakdown(string? Code, LocalizedText? Name, Figures Figures);

public sealed record CommuneFigures(
    Commune Commune,
    Period Period,
    StatsFilter Filter,
    Figures Total,
    IReadOnlyList<Breakdown> ByCategory,
    IReadOnlyList<Breakdown> ByService,
    IReadOnlyList<Breakdown> ByDistrict,
    IReadOnlyList<Breakdown> ByChannel,
    IReadOnlyList<Breakdown> ByMonth,
    IReadOnlyList<Breakdown> ByKind,
    IReadOnlyList<Breakdown> ByRejectionReason);

public sealed record CommuneLine(string Code, LocalizedText Name, Figures Figures);

// AsOf: when the complaints were read; the public pages show it (NationalComparison keeps a comparison a while).
public sealed record NationalFigures(Period Period, Figures Total, IReadOnlyList<CommuneLine> Communes, DateTimeOffset AsOf);

// Reads the figures; both the staff dashboard and the public pages go through here (bench/ times it).
public sealed class FiguresQuery(AppDbContext db, TimeProvider clock)
{
    // A commune's complaints are few enough per period to be added up here, where every breakdown comes from one read.
    public async Task<CommuneFigures> CommuneAsync(Commune commune, Period period, StatsFilter filter, CancellationToken ct)
    {
        var today = LegalDeadlines.Today(clock);
        var query = filter.Apply(db.Complaints.AsNoTracking()
            .Where(c => c.CommuneId == commune.Id && c.FiledAt >= period.StartUtc && c.FiledAt < period.EndUtc));
        var facts = await query.Select(c => new ComplaintFact(
            c.Status, c.RejectionReason, c.Kind, c.CategoryId, c.ServiceId, c.DistrictId, c.Channel, c.FiledAt,
            c.ResponseDueOn, c.DaysToDefinitive, c.DefinitiveWithinDeadline, c.Satisfied, c.ReopenCount)).ToListAsync(ct);

        var categories = await db.Categories.AsNoTracking().Where(c => c.CommuneId == commune.Id).OrderBy(c => c.SortOrder).ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(s => s.CommuneId == commune.Id).OrderBy(s => s.NameFr).ToListAsync(ct);
        var districts = await db.Districts.AsNoTracking().Where(d => d.CommuneId == commune.Id).OrderBy(d => d.Code).ToListAsync(ct);

        var total = new FiguresTally();
        var byCategory = new Dictionary<int, FiguresTally>();
        var byService = new Dictionary<int, FiguresTally>();
        var byDistrict = new Dictionary<int, FiguresTally>();
        var byChannel = new Dictionary<Channel, FiguresTally>();
        var byMonth = new Dictionary<DateOnly, FiguresTally>();
        var byKind = new Dictionary<ComplaintKind, FiguresTally>();
        var byReason = new Dictionary<RejectionReason, FiguresTally>();
        FiguresTally noService = new(), noDistrict = new();
        foreach (var fact in facts)
        {
            total.Add(fact, today);
            Of(byCategory, fact.CategoryId).Add(fact, today);
            (fact.ServiceId is { } s ? Of(byService, s) : noService).Add(fact, today);
            (fact.DistrictId is { } d ? Of(byDistrict, d) : noDistrict).Add(fact, today);
            Of(byChannel, fact.Channel).Add(fact, today);
            Of(byKind, fact.Kind).Add(fact, today);
            if (fact.RejectionReason is { } reason)
                Of(byReason, reason).Add(fact, today);
            var filedOn = LegalDeadlines.LocalDate(fact.FiledAt);
            Of(byMonth, new DateOnly(filedOn.Year, filedOn.Month, 1)).Add(fact, today);
        }

        // Every category, service, district, channel and month is listed, those with nothing included.
        return new CommuneFigures(commune, period, filter, total.ToFigures(),
            [.. categories.Select(c => Line(c, byCategory))],
            [.. services.Select(s => Line(s, byService)), .. NoneLine(noService)],
            [.. districts.Select(d => Line(d, byDistrict)), .. NoneLine(noDistrict)],
            [.. Enum.GetValues<Channel>().Select(c => Coded(c.Wire(), byChannel, c))],
            [.. period.Months().Select(m => Coded(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), byMonth, m))],
            [.. Enum.GetValues<ComplaintKind>().Select(k => Coded(k.Wire(), byKind, k))],
            [.. Enum.GetValues<RejectionReason>().Select(r => Coded(r.Wire(), byReason, r))]);
    }

    static FiguresTally Of<TKey>(Dictionary<TKey, FiguresTally> tallies, TKey key) where TKey : notnull
    {
        if (!tallies.TryGetValue(key, out var tally))
            tallies[key] = tally = new FiguresTally();
        return tally;
    }

    static Breakdown Coded<TKey>(string code, Dictionary<TKey, FiguresTally> tallies, TKey key) where TKey : notnull =>
        new(code, null, tallies.GetValueOrDefault(key)?.ToFigures() ?? Figures.None);

    static Breakdown Line(CommuneItem item, Dictionary<int, FiguresTally> tallies) =>
        new(item.Code, item.Name, tallies.GetValueOrDefault(item.Id)?.ToFigures() ?? Figures.None);

    static IEnumerable<Breakdown> NoneLine(FiguresTally tally)
    {
        var figures = tally.ToFigures();
        return figures.Received == 0 ? [] : [new Breakdown(null, null, figures)];
    }

    // Every commune side by side: the database adds up each commune's complaints, and each commune's median stays
    // exact from the days to a definitive response it returns (PostgreSQL reads IX_Complaints_Figures only).
    public async Task<NationalFigures> NationalAsync(Period period, CancellationToken ct)
    {
        var asOf = clock.GetUtcNow();
        var today = LegalDeadlines.Today(clock);
        var tallies = new Dictionary<int, FiguresTally>();
        var total = new FiguresTally();
        if (db.Database.IsNpgsql())
            await AddUpByStatusAsync(period, today, tallies, total, ct);
        else
            await AddUpByDaysAsync(period, today, tallies, total, ct);

        var communes = await db.Communes.AsNoTracking().OrderBy(c => c.NameFr)
            .Select(c => new { c.Id, c.Code, c.NameFr, c.NameAr }).ToListAsync(ct);
        return new NationalFigures(period, total.ToFigures(),
            [.. communes.Select(c => new CommuneLine(c.Code, new LocalizedText(c.NameFr, c.NameAr), tallies.GetValueOrDefault(c.Id)?.ToFigures() ?? Figures.None))], asOf);
    }

    // PostgreSQL: one group per commune and status, whose days to a definitive response come as an array. The
    // status rules are applied here to a few thousand groups instead of in the database to every complaint, and
    // the database hashes a few thousand groups instead of one per commune and day (bench/: 2.3 times less
    // database time for a year of a million complaints).
    async Task AddUpByStatusAsync(Period period, DateOnly today, Dictionary<int, FiguresTally> tallies, FiguresTally total, CancellationToken ct)
    {
        var groups = await db.Complaints.AsNoTracking()
            .Where(c => c.FiledAt >= period.StartUtc && c.FiledAt < period.EndUtc)
            .GroupBy(c => new { c.CommuneId, c.Status })
            .Select(g => new
            {
                g.Key.CommuneId,
                g.Key.Status,
                Received = g.Count(),
                Rejected = g.Count(c => c.RejectionReason != null),
                PastDue = g.Count(c => c.ResponseDueOn < today),
                Within = g.Count(c => c.DefinitiveWithinDeadline == true),
                Reopened = g.Count(c => c.ReopenCount > 0),
                Satisfied = g.Count(c => c.Satisfied == true),
                Rated = g.Count(c => c.Satisfied != null),
                Days = EF.Functions.ArrayAgg(g.Where(c => c.DaysToDefinitive != null).Select(c => c.DaysToDefinitive!.Value)),
            })
            .ToListAsync(ct);
        foreach (var g in groups)
        {
            var definitive = Figures.IsDefinitive(g.Status);
            foreach (var tally in new[] { Of(tallies, g.CommuneId), total })
            {
                // Late (Complaint.IsLate): not settled, and past its due date; the status half is the group's.
                tally.AddGroup(g.Received, Figures.IsTreated(g.Status) ? g.Received : 0, definitive ? g.Received : 0, g.Rejected,
                    definitive ? 0 : g.PastDue, g.Reopened, g.Satisfied, g.Rated, null, 0, 0);
                if (definitive)
                    tally.AddDays(g.Days ?? [], g.Within);
            }
        }
    }

    // Elsewhere: one group per commune and number of days to a definitive response, the rules in the database's words.
    async Task AddUpByDaysAsync(Period period, DateOnly today, Dictionary<int, FiguresTally> tallies, FiguresTally total, CancellationToken ct)
    {
        var groups = await db.Complaints.AsNoTracking()
            .Where(c => c.FiledAt >= period.StartUtc && c.FiledAt < period.EndUtc)
            .GroupBy(c => new { c.CommuneId, c.DaysToDefinitive })
            .Select(g => new
            {
                g.Key.CommuneId,
                g.Key.DaysToDefinitive,
                Received = g.Count(),
                Treated = g.Count(c => c.Status != ComplaintStatus.Received),
                Definitive = g.Count(c => Complaint.Settled.Contains(c.Status)),
                Rejected = g.Count(c => c.RejectionReason != null),
                Within = g.Count(c => Complaint.Settled.Contains(c.Status) && c.DefinitiveWithinDeadline == true),
                Reopened = g.Count(c => c.ReopenCount > 0),
                Satisfied = g.Count(c => c.Satisfied == true),
                Rated = g.Count(c => c.Satisfied != null),
            })
            .ToListAsync(ct);
        foreach (var g in groups)
            foreach (var tally in new[] { Of(tallies, g.CommuneId), total })
                tally.AddGroup(g.Received, g.Treated, g.Definitive, g.Rejected, 0, g.Reopened, g.Satisfied, g.Rated,
                    g.DaysToDefinitive, g.Definitive, g.Within);
        // Late complaints by the one rule's query form, counted apart since a group's count cannot take an expression.
        var late = await db.Complaints.AsNoTracking()
            .Where(c => c.FiledAt >= period.StartUtc && c.FiledAt < period.EndUtc)
            .Where(Complaint.LateOn(today))
            .GroupBy(c => c.CommuneId).Select(g => new { CommuneId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var g in late)
            foreach (var tally in new[] { Of(tallies, g.CommuneId), total })
                tally.AddGroup(0, 0, 0, 0, g.Count, 0, 0, 0, null, 0, 0);
    }
}
