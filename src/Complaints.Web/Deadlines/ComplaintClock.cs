using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Deadlines;

// The legal clocks of one complaint: set at filing from its category's (or commune's) rules, moved by
// the days it waited for the citizen, started again when it is reopened.
public sealed class ComplaintClock(AppDbContext db)
{
    // The holidays as forecast and corrected by administrators; the table is tiny, so it is read each time
    // and every instance sees a correction at once.
    public async Task<MoroccanHolidays> HolidaysAsync(CancellationToken ct)
    {
        var corrections = await db.HolidayCorrections.AsNoTracking().ToListAsync(ct);
        return new MoroccanHolidays(corrections.Select(c => c.ToCorrection()));
    }

    public async Task<DueDates> OnFilingAsync(Commune commune, Category category, DateTime filedAt, CancellationToken ct) =>
        LegalDeadlines.For(filedAt, category.RulesWithin(commune), await HolidaysAsync(ct));

    // The citizen answered: the days the clock stood still are added to both due dates (the transmission
    // one only while the complaint has not reached a service yet).
    public async Task ResumeAsync(Complaint complaint, DateTime at, CancellationToken ct)
    {
        if (complaint.ClockPausedAt is not { } pausedAt)
            return;
        var rules = await RulesAsync(complaint, ct);
        var holidays = await HolidaysAsync(ct);
        var pause = new PauseInterval(LegalDeadlines.LocalDate(pausedAt), LegalDeadlines.LocalDate(at));
        var days = DeadlineCalculator.PausedDays([pause], rules.Mode, holidays);
        var transmission = complaint.Status == ComplaintStatus.Received
            ? DeadlineCalculator.Extend(complaint.TransmissionDueOn, days, rules.Mode, holidays)
            : complaint.TransmissionDueOn;
        complaint.ResumeClock(transmission, DeadlineCalculator.Extend(complaint.ResponseDueOn, days, rules.Mode, holidays), at);
    }

    // A reopened or contested complaint is owed a new answer within the full response duration.
    public async Task RestartAsync(Complaint complaint, DateTime at, CancellationToken ct)
    {
        var rules = await RulesAsync(complaint, ct);
        complaint.RestartResponseClock(DeadlineCalculator.Due(LegalDeadlines.LocalDate(at), rules.ResponseDays, rules.Mode, await HolidaysAsync(ct)));
    }

    async Task<DeadlineRules> RulesAsync(Complaint complaint, CancellationToken ct)
    {
        var commune = complaint.Commune ?? await db.Communes.SingleAsync(c => c.Id == complaint.CommuneId, ct);
        var category = complaint.Category ?? await db.Categories.SingleAsync(c => c.Id == complaint.CategoryId, ct);
        return category.RulesWithin(commune);
    }
}
