namespace Complaints.Web.Deadlines;

// Décret 2-17-265: the complaint reaches the competent service within 15 days and is answered
// within 60 days; the day of filing is not counted, so both run from the next day.
public static class LegalDeadlines
{
    public const int TransmissionDays = 15;
    public const int ResponseDays = 60;

    public static readonly TimeZoneInfo Morocco = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");

    public static DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Morocco));

    public static DateOnly Today(TimeProvider clock) => LocalDate(clock.GetUtcNow().UtcDateTime);

    // The décret's default: 15 and 60 calendar days.
    public static (DateOnly Transmission, DateOnly Response) For(DateTime filedAtUtc)
    {
        var (transmission, response) = For(filedAtUtc, DeadlineRules.Default, IHolidayCalendar.None);
        return (transmission, response);
    }

    // The commune's (or category's) rules, counted from the Moroccan date of filing.
    public static DueDates For(DateTime filedAtUtc, DeadlineRules rules, IHolidayCalendar holidays,
        IReadOnlyCollection<PauseInterval>? pauses = null) =>
        DeadlineCalculator.For(LocalDate(filedAtUtc), rules, holidays, pauses);

    // The last instant of the due day in Morocco, for Open311 expected_datetime.
    public static DateTimeOffset EndOfDay(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, Morocco.GetUtcOffset(local));
    }
}
