using Complaints.Web.Domain;
using Complaints.Web.Statistics;

namespace Complaints.Tests.Statistics;

public class FiguresTallyTests
{
    static readonly DateOnly Today = new(2026, 6, 15);

    static ComplaintFact Answered(int days, bool inTime = true) => new(ComplaintStatus.Answered, null, ComplaintKind.Complaint, 1, 1, null,
        Channel.Web, new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 4, 30), days, inTime, null, 0);

    static Figures Of(params ComplaintFact[] facts)
    {
        var tally = new FiguresTally();
        foreach (var fact in facts)
            tally.Add(fact, Today);
        return tally.ToFigures();
    }

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(10, Of(Answered(70), Answered(3), Answered(10)).MedianDaysToDefinitiveResponse);
        Assert.Equal(6.5, Of(Answered(70), Answered(3), Answered(10), Answered(3)).MedianDaysToDefinitiveResponse);
        Assert.Equal(21.5, Of(Answered(70), Answered(3), Answered(10), Answered(3)).AverageDaysToDefinitiveResponse);
    }

    [Fact]
    public void Groups_counted_by_the_database_give_the_same_median_as_complaints_added_one_by_one()
    {
        var grouped = new FiguresTally();
        grouped.AddGroup(2, 2, 2, 0, 0, 0, 0, 0, days: 3, definitiveWithDays: 2, withinDeadline: 2);
        grouped.AddGroup(2, 2, 2, 0, 0, 0, 0, 0, days: 70, definitiveWithDays: 2, withinDeadline: 0);
        Assert.Equal(Of(Answered(3), Answered(3), Answered(70, false), Answered(70, false)), grouped.ToFigures());
    }

    [Fact]
    public void Nothing_gives_zeros_and_no_rate_rather_than_a_division_by_zero()
    {
        var none = new FiguresTally().ToFigures();
        Assert.Equal((0, null, null, null, null), (none.Received, none.MedianDaysToDefinitiveResponse, none.WithinDeadlineRate, none.TreatedRate, none.SatisfiedRate));
    }

    [Fact]
    public void A_complaint_still_owed_an_answer_after_its_due_date_is_late_an_answered_one_never()
    {
        var open = new ComplaintFact(ComplaintStatus.InProgress, null, ComplaintKind.Complaint, 1, 1, null, Channel.Web,
            new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), Today.AddDays(-1), null, null, null, 0);
        var dueToday = open with { ResponseDueOn = Today };
        Assert.Equal(1, Of(open, dueToday, Answered(70, false)).Overdue);
    }
}

public class PeriodTests
{
    static readonly DateOnly Today = new(2026, 6, 15);

    [Fact]
    public void Left_out_the_period_is_the_current_year_to_date_and_a_lone_end_starts_its_own_year()
    {
        Assert.Equal(new Period(new(2026, 1, 1), Today), Period.Parse(null, null, Today).Period);
        Assert.Equal(new Period(new(2025, 1, 1), new(2025, 3, 31)), Period.Parse("", "2025-03-31", Today).Period);
    }

    [Fact]
    public void Days_are_Moroccan_a_period_starts_at_midnight_in_Morocco()
    {
        // Morocco is UTC+1 outside Ramadan: 1 April starts at 23:00 UTC on 31 March.
        var april = Period.Parse("2026-04-01", "2026-04-30", Today).Period!;
        Assert.Equal(new DateTime(2026, 3, 31, 23, 0, 0, DateTimeKind.Utc), april.StartUtc);
        Assert.Equal(new DateTime(2026, 4, 30, 23, 0, 0, DateTimeKind.Utc), april.EndUtc);
    }

    [Theory]
    [InlineData("2026-02-30", null, "from")]
    [InlineData("yesterday", null, "from")]
    [InlineData("2026-07-01", null, "from")]
    [InlineData("2026-05-01", "2026-04-01", "to")]
    [InlineData(null, "2026/04/01", "to")]
    [InlineData("2015-01-01", "2026-01-01", "to")]
    public void A_bad_or_inverted_date_names_its_field(string? from, string? to, string field) =>
        Assert.Equal(field, Period.Parse(from, to, Today).BadField);
}
