namespace Complaints.Web.Deadlines;

public interface IHolidayCalendar
{
    bool IsHoliday(DateOnly day);

    // For calendar-day rules: no day is a holiday.
    static IHolidayCalendar None { get; } = new NoHolidays();

    private sealed class NoHolidays : IHolidayCalendar
    {
        public bool IsHoliday(DateOnly day) => false;
    }
}
