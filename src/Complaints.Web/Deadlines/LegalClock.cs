namespace Complaints.Web.Deadlines;

// The rules a complaint counts its days by (its category's or commune's) with the holidays: what a complaint's
// own moves use to set, move and restart its due dates, so no caller can forget or miscount them.
public sealed record LegalClock(DeadlineRules Rules, IHolidayCalendar Holidays)
{
    // The décret's 15 and 60 calendar days, without holidays.
    public static readonly LegalClock Default = new(DeadlineRules.Default, IHolidayCalendar.None);

    public DueDates OnFiling(DateTime filedAt) => LegalDeadlines.For(filedAt, Rules, Holidays);

    // A reopened or contested complaint is owed a new answer within the full response duration from now.
    public DateOnly ResponseDueFrom(DateTime at) =>
        DeadlineCalculator.Due(LegalDeadlines.LocalDate(at), Rules.ResponseDays, Rules.Mode, Holidays);

    // The clock stood still from the day after the question up to the day of the answer: a due date moves by those days.
    public DateOnly Extend(DateOnly due, DateTime pausedAt, DateTime resumedAt)
    {
        var pause = new PauseInterval(LegalDeadlines.LocalDate(pausedAt), LegalDeadlines.LocalDate(resumedAt));
        return DeadlineCalculator.Extend(due, DeadlineCalculator.PausedDays([pause], Rules.Mode, Holidays), Rules.Mode, Holidays);
    }
}
