using System.Globalization;
using Complaints.Web.Deadlines;

namespace Complaints.Tests.Deadlines;

// The moving holidays are forecast with .NET's tabular HijriCalendar plus one day (see MoroccanHolidays):
// that forecast matches every date below as Morocco announced it, so no test needs a correction to pass.
public class MoroccanHolidaysTests
{
    static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void The_fixed_holidays_of_2026_are_the_ten_national_days()
    {
        var fixedDays = new MoroccanHolidays([]).In(2026).Where(h => h.Kind == HolidayKind.Fixed).Select(h => h.FirstDay);

        Assert.Equal(
            new[] { "2026-01-01", "2026-01-11", "2026-01-14", "2026-05-01", "2026-07-30", "2026-08-14", "2026-08-20",
                "2026-08-21", "2026-11-06", "2026-11-18" }.Select(D),
            fixedDays);
    }

    [Fact]
    public void The_amazigh_new_year_is_a_holiday_from_2024()
    {
        Assert.DoesNotContain(MoroccanHolidays.Computed(2023), h => h.Code == "amazigh-new-year");
        Assert.True(new MoroccanHolidays([]).IsHoliday(D("2024-01-14")));
    }

    [Theory]
    [InlineData("eid-al-fitr", 2024, "2024-04-10", "2024-04-11")]
    [InlineData("eid-al-adha", 2024, "2024-06-17", "2024-06-18")]
    [InlineData("hijri-new-year", 2024, "2024-07-08", null)] // 1 Muharram 1446
    [InlineData("eid-al-fitr", 2025, "2025-03-31", "2025-04-01")]
    [InlineData("eid-al-adha", 2025, "2025-06-07", "2025-06-08")]
    [InlineData("mawlid", 2025, "2025-09-05", "2025-09-06")] // 12 and 13 Rabi' al-Awwal 1447
    [InlineData("eid-al-fitr", 2026, "2026-03-20", "2026-03-21")]
    [InlineData("eid-al-adha", 2026, "2026-05-27", "2026-05-28")]
    public void The_moving_holidays_fall_on_the_days_Morocco_announced(string code, int year, string first, string? second)
    {
        var holiday = Assert.Single(new MoroccanHolidays([]).In(year), h => h.Code == code);

        Assert.Equal(second is null ? [D(first)] : new[] { D(first), D(second) }, holiday.Days);
        Assert.Equal(HolidayKind.Hijri, holiday.Kind);
        Assert.False(holiday.Corrected);
    }

    [Fact]
    public void Every_holiday_has_a_code_and_french_and_arabic_names()
    {
        var holidays = new MoroccanHolidays([]).In(2026);

        Assert.Equal(14, holidays.Count);
        Assert.Equal(14, holidays.Select(h => h.Code).Distinct().Count());
        Assert.All(holidays, h =>
        {
            Assert.False(string.IsNullOrWhiteSpace(h.NameFr));
            Assert.Contains(h.NameAr, c => c is >= '\u0600' and <= '\u06FF');
            Assert.True(MoroccanHolidays.IsKnownCode(h.Code));
        });
    }

    [Fact]
    public void An_administrators_correction_moves_every_day_of_the_holiday()
    {
        var corrected = new MoroccanHolidays([new HolidayCorrection("eid-al-fitr", 2026, D("2026-03-21"))]);

        var eid = Assert.Single(corrected.In(2026), h => h.Code == "eid-al-fitr");
        Assert.Equal([D("2026-03-21"), D("2026-03-22")], eid.Days);
        Assert.True(eid.Corrected);
        Assert.False(corrected.IsHoliday(D("2026-03-20")));
        Assert.True(corrected.IsHoliday(D("2026-03-22")));
        Assert.Equal([D("2026-03-20"), D("2026-03-21")], MoroccanHolidays.Computed(2026).Single(h => h.Code == "eid-al-fitr").Days);
    }

    [Fact]
    public void A_correction_for_another_year_or_an_unknown_code_changes_nothing()
    {
        var corrected = new MoroccanHolidays(
        [
            new HolidayCorrection("eid-al-fitr", 2025, D("2026-03-25")),
            new HolidayCorrection("no-such-day", 2026, D("2026-03-25")),
        ]);

        Assert.Equal(MoroccanHolidays.Computed(2026).Select(h => h.Days[0]), corrected.In(2026).Select(h => h.Days[0]));
        Assert.False(MoroccanHolidays.IsKnownCode("no-such-day"));
    }

    [Fact]
    public void A_year_with_two_eid_al_fitr_keeps_both_and_a_correction_moves_only_the_nearest()
    {
        var computed = MoroccanHolidays.Computed(2033).Where(h => h.Code == "eid-al-fitr").ToList();
        Assert.Equal([D("2033-01-03"), D("2033-12-23")], computed.Select(h => h.FirstDay));
        Assert.Equal([1454, 1455], computed.Select(h => h.HijriYear!.Value));

        var corrected = new MoroccanHolidays([new HolidayCorrection("eid-al-fitr", 2033, D("2033-12-24"))]);

        Assert.Equal([D("2033-01-03"), D("2033-12-24")],
            corrected.In(2033).Where(h => h.Code == "eid-al-fitr").Select(h => h.FirstDay));
    }

    [Fact]
    public void Weekends_are_not_holidays_but_are_not_working_days_either()
    {
        var holidays = new MoroccanHolidays([]);

        Assert.False(holidays.IsHoliday(D("2026-03-14")));
        Assert.False(DeadlineCalculator.IsWorkingDay(D("2026-03-14"), holidays));
        Assert.False(DeadlineCalculator.IsWorkingDay(D("2026-07-30"), holidays));
        Assert.True(DeadlineCalculator.IsWorkingDay(D("2026-07-31"), holidays));
    }
}
