using Complaints.Web.Deadlines;

namespace Complaints.Tests.Deadlines;

public class LegalDeadlinesTests
{
    static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void The_day_of_filing_is_not_counted()
    {
        // 10 March 2026 falls in Ramadan: Morocco is on UTC+0, so 10:00 UTC is 10:00 local.
        var (transmission, response) = LegalDeadlines.For(Utc(2026, 3, 10, 10, 0));

        Assert.Equal(new DateOnly(2026, 3, 25), transmission);
        Assert.Equal(new DateOnly(2026, 5, 9), response);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23, 59)]
    public void The_whole_local_day_of_filing_gives_the_same_deadlines(int hour, int minute)
    {
        var (transmission, response) = LegalDeadlines.For(Utc(2026, 3, 10, hour, minute));

        Assert.Equal(new DateOnly(2026, 3, 25), transmission);
        Assert.Equal(new DateOnly(2026, 5, 9), response);
    }

    [Fact]
    public void Late_evening_utc_already_the_next_day_in_Morocco_counts_from_the_Moroccan_date()
    {
        // 15 June 2026, 23:30 UTC is 16 June, 00:30 in Casablanca (UTC+1 outside Ramadan).
        var (transmission, response) = LegalDeadlines.For(Utc(2026, 6, 15, 23, 30));

        Assert.Equal(new DateOnly(2026, 7, 1), transmission);
        Assert.Equal(new DateOnly(2026, 8, 15), response);
    }

    [Fact]
    public void Just_before_midnight_in_Morocco_still_counts_from_that_day()
    {
        // 15 June 2026, 22:59 UTC is 23:59 in Casablanca.
        var (transmission, response) = LegalDeadlines.For(Utc(2026, 6, 15, 22, 59));

        Assert.Equal(new DateOnly(2026, 6, 30), transmission);
        Assert.Equal(new DateOnly(2026, 8, 14), response);
    }

    [Fact]
    public void During_Ramadan_Morocco_is_on_utc_so_late_evening_utc_is_still_the_same_day()
    {
        Assert.Equal(new DateOnly(2026, 3, 10), LegalDeadlines.LocalDate(Utc(2026, 3, 10, 23, 30)));
        Assert.Equal(new DateOnly(2026, 6, 16), LegalDeadlines.LocalDate(Utc(2026, 6, 15, 23, 30)));
    }

    [Fact]
    public void A_complaint_filed_at_a_month_end_of_a_leap_year_runs_through_29_February()
    {
        var (transmission, response) = LegalDeadlines.For(Utc(2028, 1, 31, 12, 0));

        Assert.Equal(new DateOnly(2028, 2, 15), transmission);
        Assert.Equal(new DateOnly(2028, 3, 31), response);
    }

    [Fact]
    public void A_complaint_filed_on_new_years_eve_before_a_leap_year_is_due_on_29_February()
    {
        var (transmission, response) = LegalDeadlines.For(Utc(2027, 12, 31, 12, 0));

        Assert.Equal(new DateOnly(2028, 1, 15), transmission);
        Assert.Equal(new DateOnly(2028, 2, 29), response);
    }

    [Fact]
    public void End_of_day_is_the_last_second_of_the_day_in_Morocco_outside_Ramadan()
    {
        var end = LegalDeadlines.EndOfDay(new DateOnly(2026, 7, 1));

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 23, 59, 59, TimeSpan.FromHours(1)), end);
        Assert.Equal(TimeSpan.FromHours(1), end.Offset);
        Assert.Equal(Utc(2026, 7, 1, 22, 59).AddSeconds(59), end.UtcDateTime);
    }

    [Fact]
    public void End_of_day_during_Ramadan_is_on_utc()
    {
        var end = LegalDeadlines.EndOfDay(new DateOnly(2026, 3, 10));

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 23, 59, 59, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.Zero, end.Offset);
    }

    [Theory]
    [InlineData(2026, 3, 25)]
    [InlineData(2026, 7, 1)]
    [InlineData(2028, 2, 29)]
    public void End_of_day_falls_on_the_due_day_in_Morocco(int year, int month, int day)
    {
        var due = new DateOnly(year, month, day);
        var end = LegalDeadlines.EndOfDay(due);

        Assert.Equal(due, LegalDeadlines.LocalDate(end.UtcDateTime));
        Assert.Equal(due.AddDays(1), LegalDeadlines.LocalDate(end.UtcDateTime.AddSeconds(1)));
    }
}
