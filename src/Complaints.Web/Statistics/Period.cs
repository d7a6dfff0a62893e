using System.Globalization;
using Complaints.Web.Deadlines;

namespace Complaints.Web.Statistics;

// A span of Moroccan calendar days, both ends included; the figures count the complaints filed in it.
public sealed record Period(DateOnly From, DateOnly To)
{
    public const int MaxYears = 10;

    public static Period Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    // The first instant of From and the first instant after To, in UTC, for comparing with FiledAt.
    public DateTime StartUtc => Midnight(From);
    public DateTime EndUtc => Midnight(To.AddDays(1));

    public IEnumerable<DateOnly> Months()
    {
        for (var month = new DateOnly(From.Year, From.Month, 1); month <= To; month = month.AddMonths(1))
            yield return month;
    }

    public string Wire(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTime Midnight(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), LegalDeadlines.Morocco);

    // from/to as yyyy-MM-dd; left out, the period is the current year up to today. The error is the bad field's name.
    public static (Period? Period, string? BadField) Parse(string? from, string? to, DateOnly today)
    {
        DateOnly? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!TryDay(from, out var day))
                return (null, "from");
            start = day;
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!TryDay(to, out var day))
                return (null, "to");
            end = day;
        }
        var period = new Period(start ?? new DateOnly((end ?? today).Year, 1, 1), end ?? today);
        if (period.From > period.To)
            return (null, end is null ? "from" : "to");
        // Ten years is more than any comparison needs and keeps a request from asking for a century of months.
        return period.To > period.From.AddYears(MaxYears) ? (null, "to") : (period, null);
    }

    public static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
        && day.Year is >= 2000 and <= 2100;
}
