namespace Complaints.Web.Deadlines;

public enum DeadlineMode { CalendarDays, WorkingDays }

// Décret 2-17-265: 15 days to reach the competent service, 60 days for the answer, in calendar days
// unless the commune (or one of its categories) chooses working days or other durations.
public sealed record DeadlineRules(
    DeadlineMode Mode = DeadlineMode.CalendarDays,
    int TransmissionDays = LegalDeadlines.TransmissionDays,
    int ResponseDays = LegalDeadlines.ResponseDays)
{
    public static readonly DeadlineRules Default = new();
}

public sealed record DueDates(DateOnly Transmission, DateOnly Response);

// A time the complaint waited for the citizen: the clock ran on From (the day of the request)
// and stood still from the next day up to and including To (the day the answer came).
public readonly record struct PauseInterval(DateOnly From, DateOnly To);
