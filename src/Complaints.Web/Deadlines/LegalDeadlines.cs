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

    public static (DateOnly Transmission, DateOnly Response) For(DateTime filedAtUtc)
    {
        var filed = LocalDate(filedAtUtc);
        return (filed.AddDays(TransmissionDays), filed.AddDays(ResponseDays));
    }

    // The last instant of the due day in Morocco, for Open311 expected_datetime.
    public static DateTimeOffset EndOfDay(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, Morocco.GetUtcOffset(local));
    }
}
