using System.Globalization;
using Complaints.Web.Deadlines;
using Microsoft.Extensions.Time.Testing;

namespace Complaints.Tests.Deadlines;

public class DeadlineCalculatorTests
{
    const DeadlineMode Calendar = DeadlineMode.CalendarDays;
    const DeadlineMode Working = DeadlineMode.WorkingDays;

    static readonly MoroccanHolidays Morocco = new([]);

    static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    // Calendar days: day N after filing, whatever the weekday or holiday.
    [InlineData("2026-01-31", 15, Calendar, "2026-02-15")] // month end
    [InlineData("2026-01-31", 60, Calendar, "2026-04-01")] // through a 28-day February
    [InlineData("2028-02-28", 1, Calendar, "2028-02-29")] // leap day exists
    [InlineData("2028-02-28", 15, Calendar, "2028-03-14")]
    [InlineData("2028-02-29", 60, Calendar, "2028-04-29")]
    [InlineData("2027-02-28", 1, Calendar, "2027-03-01")] // no leap day
    [InlineData("2026-12-20", 15, Calendar, "2027-01-04")] // year end
    [InlineData("2026-07-29", 1, Calendar, "2026-07-30")] // Throne Day still counts
    [InlineData("2026-05-26", 1, Calendar, "2026-05-27")] // so does Eid al-Adha
    // Working days: weekends and public holidays are skipped.
    [InlineData("2026-03-06", 1, Working, "2026-03-09")] // filed Friday, due Monday
    [InlineData("2026-03-07", 1, Working, "2026-03-09")] // filed on a Saturday
    [InlineData("2028-02-28", 1, Working, "2028-02-29")] // leap day is a Tuesday
    [InlineData("2028-02-25", 5, Working, "2028-03-06")] // across a leap-year month end and two weekends
    [InlineData("2026-07-29", 1, Working, "2026-07-31")] // 30 July, Throne Day
    [InlineData("2026-07-31", 1, Working, "2026-08-03")] // filed Friday 31 July
    [InlineData("2026-07-29", 15, Working, "2026-08-25")] // 30 July, 14, 20 and 21 August
    [InlineData("2026-08-13", 5, Working, "2026-08-25")] // 14, 20 and 21 August
    [InlineData("2026-08-13", 6, Working, "2026-08-28")] // then the Mawlid, 26 and 27 August 2026
    [InlineData("2026-05-26", 1, Working, "2026-05-29")] // Eid al-Adha, 27 and 28 May 2026
    [InlineData("2026-05-26", 3, Working, "2026-06-02")]
    [InlineData("2026-03-10", 15, Working, "2026-04-01")] // Eid al-Fitr, 20 March 2026 (21st is a Saturday)
    [InlineData("2026-03-10", 60, Working, "2026-06-08")] // Fitr, 1 May and Adha
    [InlineData("2026-12-31", 1, Working, "2027-01-04")] // New Year's Day then a weekend
    [InlineData("2026-12-31", 10, Working, "2027-01-19")] // 11 and 14 January
    public void A_deadline_counts_from_the_day_after_filing(string filed, int days, DeadlineMode mode, string expected)
    {
        Assert.Equal(D(expected), DeadlineCalculator.Due(D(filed), days, mode, Morocco));
    }

    [Fact]
    public void The_default_rules_are_the_decrees_15_and_60_calendar_days()
    {
        Assert.Equal(new DeadlineRules(DeadlineMode.CalendarDays, 15, 60), DeadlineRules.Default);
        Assert.Equal(new DueDates(D("2026-03-25"), D("2026-05-09")),
            DeadlineCalculator.For(D("2026-03-10"), DeadlineRules.Default, Morocco));
    }

    [Fact]
    public void A_commune_can_choose_working_days_and_other_durations()
    {
        var rules = new DeadlineRules(DeadlineMode.WorkingDays, TransmissionDays: 5, ResponseDays: 30);

        var due = DeadlineCalculator.For(D("2026-03-10"), rules, Morocco);

        Assert.Equal(D("2026-03-17"), due.Transmission);
        Assert.Equal(D("2026-04-22"), due.Response);
    }

    [Fact]
    public void A_complaint_filed_now_in_working_day_mode_skips_eid_al_fitr()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero));
        var rules = DeadlineRules.Default with { Mode = DeadlineMode.WorkingDays };

        var due = LegalDeadlines.For(clock.GetUtcNow().UtcDateTime, rules, Morocco);

        Assert.Equal(D("2026-04-01"), due.Transmission);
        Assert.Equal(D("2026-06-08"), due.Response);
    }

    [Fact]
    public void The_historic_calendar_day_api_is_unchanged()
    {
        var filed = new DateTime(2026, 3, 10, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal((D("2026-03-25"), D("2026-05-09")), LegalDeadlines.For(filed));
        Assert.Equal(new DueDates(D("2026-03-25"), D("2026-05-09")),
            LegalDeadlines.For(filed, DeadlineRules.Default, Morocco));
    }

    [Fact]
    public void A_corrected_eid_moves_a_working_day_deadline()
    {
        // The forecast gives Eid al-Adha 2026 on 27-28 May; if the moon is sighted a day later, 28-29 May.
        var corrected = new MoroccanHolidays([new HolidayCorrection("eid-al-adha", 2026, D("2026-05-28"))]);

        Assert.Equal(D("2026-05-29"), DeadlineCalculator.Due(D("2026-05-26"), 1, Working, Morocco));
        Assert.Equal(D("2026-05-27"), DeadlineCalculator.Due(D("2026-05-26"), 1, Working, corrected));
        Assert.Equal(D("2026-06-01"), DeadlineCalculator.Due(D("2026-05-27"), 1, Working, corrected));
    }

    [Fact]
    public void A_five_day_pause_in_calendar_mode_adds_five_days()
    {
        PauseInterval[] pauses = [new(D("2026-03-12"), D("2026-03-17"))];

        var due = DeadlineCalculator.For(D("2026-03-10"), DeadlineRules.Default, Morocco, pauses);

        Assert.Equal(5, DeadlineCalculator.PausedDays(pauses, Calendar, Morocco));
        Assert.Equal(D("2026-03-30"), due.Transmission);
        Assert.Equal(D("2026-05-14"), due.Response);
        Assert.Equal(D("2026-03-30"), DeadlineCalculator.Extend(D("2026-03-25"), 5, Calendar, Morocco));
    }

    [Fact]
    public void A_pause_over_a_weekend_in_working_mode_adds_only_its_working_days()
    {
        // Asked on Thursday 9 April, answered on Tuesday 14 April: Friday, Monday and Tuesday were paused.
        PauseInterval[] pauses = [new(D("2026-04-09"), D("2026-04-14"))];

        Assert.Equal(3, DeadlineCalculator.PausedDays(pauses, Working, Morocco));
        Assert.Equal(D("2026-04-27"), DeadlineCalculator.Due(D("2026-04-06"), 15, Working, Morocco));
        Assert.Equal(D("2026-04-30"), DeadlineCalculator.Due(D("2026-04-06"), 15, Working, Morocco, pauses));
        Assert.Equal(D("2026-04-30"), DeadlineCalculator.Extend(D("2026-04-27"), 3, Working, Morocco));
    }

    [Fact]
    public void Extending_a_working_day_deadline_skips_holidays_too()
    {
        // 1 May 2026 is a Friday.
        Assert.Equal(D("2026-05-04"), DeadlineCalculator.Extend(D("2026-04-30"), 1, Working, Morocco));
    }

    [Fact]
    public void Overlapping_pauses_count_each_day_once()
    {
        PauseInterval[] pauses = [new(D("2026-03-12"), D("2026-03-17")), new(D("2026-03-15"), D("2026-03-20"))];

        Assert.Equal(8, DeadlineCalculator.PausedDays(pauses, Calendar, Morocco));
        Assert.Equal(D("2026-04-02"), DeadlineCalculator.Due(D("2026-03-10"), 15, Calendar, Morocco, pauses));
    }

    [Fact]
    public void An_answer_the_same_day_as_the_request_does_not_move_the_deadline()
    {
        PauseInterval[] pauses = [new(D("2026-03-12"), D("2026-03-12"))];

        Assert.Equal(0, DeadlineCalculator.PausedDays(pauses, Calendar, Morocco));
        Assert.Equal(D("2026-03-25"), DeadlineCalculator.Due(D("2026-03-10"), 15, Calendar, Morocco, pauses));
    }

    [Fact]
    public void A_pause_after_the_deadline_has_passed_does_not_revive_it()
    {
        PauseInterval[] pauses = [new(D("2026-04-01"), D("2026-04-10"))];

        Assert.Equal(D("2026-03-25"), DeadlineCalculator.Due(D("2026-03-10"), 15, Calendar, Morocco, pauses));
    }

    [Fact]
    public void A_pause_still_waiting_for_the_citizen_runs_until_today()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero));
        var filed = LegalDeadlines.Today(clock);
        clock.Advance(TimeSpan.FromDays(2));
        var askedOn = LegalDeadlines.Today(clock);
        clock.Advance(TimeSpan.FromDays(8));

        PauseInterval[] pauses = [new(askedOn, LegalDeadlines.Today(clock))];
        var due = DeadlineCalculator.For(filed, DeadlineRules.Default, Morocco, pauses);

        Assert.Equal(D("2026-04-02"), due.Transmission);
        Assert.Equal(D("2026-05-17"), due.Response);
    }
}
