using System.Runtime.InteropServices;
using Complaints.Web.Domain;

namespace Complaints.Web.Statistics;

// The figures everyone reads (docs/figures.md, ADR 10) for the complaints filed in a period, as they stand now.
// Received ≥ treated ≥ definitive response always holds: each is a subset of the one before.
public sealed record Figures(
    int Received,
    int Treated,
    int DefinitiveResponse,
    int Rejected,
    int Overdue,
    double? MedianDaysToDefinitiveResponse,
    double? AverageDaysToDefinitiveResponse,
    double? WithinDeadlineRate,
    int Reopened,
    int Satisfied,
    int Rated)
{
    public static readonly Figures None = new FiguresTally().ToFigures();

    public double? TreatedRate => Rate(Treated, Received);
    public double? DefinitiveResponseRate => Rate(DefinitiveResponse, Received);
    public double? SatisfiedRate => Rate(Satisfied, Rated);

    static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    // Treated: it left `received` — routed to a service or rejected with a reason (a reopened one was treated once).
    public static bool IsTreated(ComplaintStatus status) => status != ComplaintStatus.Received;

    // A definitive response reached the citizen and still stands: an answer (closed or not) or a reasoned rejection.
    // A contested or reopened complaint is back in treatment until it is answered again.
    public static bool IsDefinitive(ComplaintStatus status) => Complaint.IsSettled(status);

    // Late: the one rule of Domain/Complaint.
    public static bool IsOverdue(ComplaintStatus status, DateOnly responseDueOn, DateOnly today) =>
        Complaint.IsLate(status, responseDueOn, today);
}

// One complaint as the figures see it: no text, no person.
public readonly record struct ComplaintFact(
    ComplaintStatus Status,
    RejectionReason? RejectionReason,
    ComplaintKind Kind,
    int CategoryId,
    int? ServiceId,
    int? DistrictId,
    Channel Channel,
    DateTime FiledAt,
    DateOnly ResponseDueOn,
    int? DaysToDefinitive,
    bool? WithinDeadline,
    bool? Satisfied,
    int ReopenCount);

// Adds complaints up, one by one or as groups counted by the database, and keeps the days to a definitive
// response as a histogram so the median is exact without holding every complaint.
public sealed class FiguresTally
{
    int received, treated, definitive, rejected, overdue, within, measured, reopened, satisfied, rated;
    long daysTotal;
    // Ordered only when the median is asked for: a dashboard adds thousands of complaints to a dozen tallies.
    readonly Dictionary<int, int> days = [];

    public void Add(in ComplaintFact fact, DateOnly today)
    {
        received++;
        if (Figures.IsTreated(fact.Status))
            treated++;
        if (fact.RejectionReason is not null)
            rejected++;
        if (Figures.IsOverdue(fact.Status, fact.ResponseDueOn, today))
            overdue++;
        if (fact.ReopenCount > 0)
            reopened++;
        if (fact.Satisfied is { } s)
        {
            rated++;
            if (s)
                satisfied++;
        }
        if (Figures.IsDefinitive(fact.Status))
        {
            definitive++;
            if (fact.DaysToDefinitive is { } d)
                AddDays(d, 1, fact.WithinDeadline == true ? 1 : 0);
        }
    }

    // A group the database counted: `definitiveWithDays` complaints of the group reached a definitive response in `days`.
    public void AddGroup(int received, int treated, int definitive, int rejected, int overdue, int reopened, int satisfied, int rated,
        int? days, int definitiveWithDays, int withinDeadline)
    {
        this.received += received;
        this.treated += treated;
        this.definitive += definitive;
        this.rejected += rejected;
        this.overdue += overdue;
        this.reopened += reopened;
        this.satisfied += satisfied;
        this.rated += rated;
        if (days is { } d && definitiveWithDays > 0)
            AddDays(d, definitiveWithDays, withinDeadline);
    }

    // Definitive responses the database listed by their days, `withinDeadline` of them within the deadline.
    public void AddDays(IEnumerable<int> definitiveDays, int withinDeadline)
    {
        foreach (var d in definitiveDays)
            AddDays(d, 1, 0);
        within += withinDeadline;
    }

    void AddDays(int d, int count, int withinDeadline)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(days, d, out _) += count;
        measured += count;
        daysTotal += (long)d * count;
        within += withinDeadline;
    }

    public Figures ToFigures() => new(
        received, treated, definitive, rejected, overdue,
        Median(),
        measured == 0 ? null : Math.Round((double)daysTotal / measured, 1, MidpointRounding.AwayFromZero),
        measured == 0 ? null : Math.Round((double)within / measured, 4, MidpointRounding.AwayFromZero),
        reopened, satisfied, rated);

    double? Median()
    {
        if (measured == 0)
            return null;
        // The middle one, or the mean of the two middle ones when the count is even.
        int lowRank = (measured - 1) / 2, highRank = measured / 2, seen = 0;
        int? low = null;
        foreach (var (d, count) in days.OrderBy(x => x.Key))
        {
            if (low is null && seen + count > lowRank)
                low = d;
            if (seen + count > highRank)
                return (low!.Value + d) / 2.0;
            seen += count;
        }
        throw new InvalidOperationException("The days histogram does not add up.");
    }
}
