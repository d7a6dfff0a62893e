namespace Complaints.Web.Deadlines;

public static class DeadlineCalculator
{
    public static DueDates For(DateOnly filedOn, DeadlineRules rules, IHolidayCalendar holidays,
        IReadOnlyCollection<PauseInterval>? pauses = null) =>
        new(Due(filedOn, rules.TransmissionDays, rules.Mode, holidays, pauses),
            Due(filedOn, rules.ResponseDays, rules.Mode, holidays, pauses));

    // Décret 2-17-265: the day of filing is not counted, so the count starts the next day; a paused day
    // (waiting for the citizen) does not count either, nor, in working-day mode, a weekend or holiday.
    public static DateOnly Due(DateOnly filedOn, int days, DeadlineMode mode, IHolidayCalendar holidays,
        IReadOnlyCollection<PauseInterval>? pauses = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = filedOn;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (Counts(day, mode, holidays) && !IsPaused(day, pauses))
                counted++;
        }
        return day;
    }

    // For a caller that only knows how many days were paused: the due day moves later by that many
    // counted days (calendar or working, per mode).
    public static DateOnly Extend(DateOnly due, int pausedDays, DeadlineMode mode, IHolidayCalendar holidays) =>
        Due(due, pausedDays, mode, holidays);

    // The days the pauses took off the clock: overlapping pauses count each day once.
    public static int PausedDays(IReadOnlyCollection<PauseInterval> pauses, DeadlineMode mode, IHolidayCalendar holidays)
    {
        if (pauses.Count == 0)
            return 0;
        var first = pauses.Min(p => p.From);
        var last = pauses.Max(p => p.To);
        var paused = 0;
        for (var day = first.AddDays(1); day <= last; day = day.AddDays(1))
            if (Counts(day, mode, holidays) && IsPaused(day, pauses))
                paused++;
        return paused;
    }

    public static bool IsWorkingDay(DateOnly day, IHolidayCalendar holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.IsHoliday(day);

    static bool Counts(DateOnly day, DeadlineMode mode, IHolidayCalendar holidays) =>
        mode == DeadlineMode.CalendarDays || IsWorkingDay(day, holidays);

    static bool IsPaused(DateOnly day, IReadOnlyCollection<PauseInterval>? pauses) =>
        pauses is not null && pauses.Any(p => p.From < day && day <= p.To);
}
