using Complaints.Web.Deadlines;
using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

// The clock, the definitive response, the citizen's rating and contest, and escalation.
public class ComplaintAfterAnswerTests
{
    static readonly DateTime At = new(2026, 4, 2, 10, 0, 0, DateTimeKind.Utc);
    static Service Lights => new() { Id = 5, CommuneId = 1, Code = "eclairage", NameFr = "Éclairage", NameAr = "الإنارة" };

    // Filed on 2 April: its answer is due on 1 June (60 calendar days from the next day).
    static Complaint Assigned(DateTime? filedAt = null)
    {
        var c = DomainFilings.File(filedAt ?? At.AddHours(-1), "Lampadaire éteint rue 3.", 7);
        c.Assign(Lights, null, "cell", filedAt ?? At);
        return c;
    }

    [Fact]
    public void A_second_question_while_waiting_does_not_pause_the_clock_again()
    {
        var c = Assigned();
        c.RequestInformation("Quelle rue ?", "cell", At);
        c.RequestInformation("Et quel numéro ?", "cell", At.AddDays(2));
        Assert.Equal(At, c.ClockPausedAt);
        Assert.Single(c.Timeline, t => t.Kind == TimelineKind.ClockPaused);
    }

    [Fact]
    public void The_citizens_answer_resumes_the_clock_with_the_paused_days_added_and_tells_them_the_new_date()
    {
        var c = Assigned();
        Assert.Equal(new DateOnly(2026, 6, 1), c.ResponseDueOn);
        c.RequestInformation("Quelle rue ?", "cell", At);
        // Asked on 2 April, answered on 12 April: ten days stood still.
        var answer = c.AddCitizenInformation("Rue 3.", At.AddDays(10), LegalClock.Default);

        Assert.Equal(TimelineKind.CitizenInformation, answer.Kind);
        Assert.Null(c.ClockPausedAt);
        Assert.Equal(new DateOnly(2026, 6, 11), c.ResponseDueOn);
        // Already with its service: the transmission date is behind it and stays.
        Assert.Equal(new DateOnly(2026, 4, 17), c.TransmissionDueOn);
        var resumed = c.Timeline.Last();
        Assert.Equal(TimelineKind.ClockResumed, resumed.Kind);
        Assert.Equal("2026-06-11", resumed.Text);
        Assert.True(resumed.VisibleToCitizen);

        // More words without a question waiting move nothing.
        c.AddCitizenInformation("Devant la pharmacie.", At.AddDays(11), LegalClock.Default);
        Assert.Equal(new DateOnly(2026, 6, 11), c.ResponseDueOn);
        Assert.Single(c.Timeline, t => t.Kind == TimelineKind.ClockResumed);
    }

    [Fact]
    public void An_answer_before_routing_moves_the_transmission_date_too_counted_in_working_days_when_the_commune_says_so()
    {
        var c = DomainFilings.File(At.AddHours(-1));
        c.RequestInformation("Quelle rue ?", "cell", At);
        // Thursday 2 April to Monday 13 April in working days: 3, 6, 7, 8, 9, 10 and 13 April count (7 days).
        var working = new LegalClock(new DeadlineRules(DeadlineMode.WorkingDays), IHolidayCalendar.None);
        c.AddCitizenInformation("Rue 3.", At.AddDays(11), working);
        Assert.Equal(DeadlineCalculator.Extend(new DateOnly(2026, 4, 17), 7, DeadlineMode.WorkingDays, IHolidayCalendar.None), c.TransmissionDueOn);
        Assert.Equal(DeadlineCalculator.Extend(new DateOnly(2026, 6, 1), 7, DeadlineMode.WorkingDays, IHolidayCalendar.None), c.ResponseDueOn);
    }

    [Fact]
    public void A_definitive_answer_ends_the_wait_and_the_pause()
    {
        var c = Assigned();
        c.RequestInformation("Quelle rue ?", "cell", At);
        c.Respond("Réparé.", definitive: true, "cell", At.AddDays(3));
        Assert.Equal(At.AddDays(3), c.DefinitiveAt);
        Assert.False(c.AwaitingCitizen);
        Assert.Null(c.ClockPausedAt);
    }

    [Fact]
    public void A_message_that_is_not_definitive_is_not_a_definitive_response()
    {
        var c = Assigned();
        c.Respond("Nous passons demain.", definitive: false, "cell", At);
        Assert.Null(c.DefinitiveAt);
        Assert.False(c.MayRate);
        Assert.False(c.MayContest(new DateOnly(2026, 4, 3), 30));
    }

    [Fact]
    public void The_citizen_rates_each_definitive_response_once()
    {
        var c = Assigned();
        c.Respond("Réparé.", definitive: true, "cell", At);
        Assert.True(c.MayRate);
        c.Rate(false, "Toujours éteint le soir.", At.AddDays(1));
        Assert.Equal((false, "Toujours éteint le soir."), (c.Satisfied!.Value, c.SatisfactionComment));
        Assert.Equal(TimelineKind.RatedDissatisfied, c.Timeline.Last().Kind);
        Assert.False(c.MayRate);
        Assert.Throws<InvalidOperationException>(() => c.Rate(true, null, At.AddDays(2)));
    }

    [Fact]
    public void A_contested_answer_goes_back_to_its_service_and_may_be_rated_again_once_answered_anew()
    {
        var c = Assigned();
        c.Respond("Réparé.", definitive: true, "cell", At);
        c.Rate(false, null, At.AddDays(1));
        var contest = c.Contest("Le lampadaire est toujours éteint.", At.AddDays(2), LegalClock.Default);

        Assert.Equal(ComplaintStatus.Assigned, c.Status);
        Assert.Equal(5, c.ServiceId);
        // Contested on 4 April: a new answer is owed within the full 60 days.
        Assert.Equal(new DateOnly(2026, 6, 3), c.ResponseDueOn);
        Assert.False(c.MayRate);
        Assert.Same(c.Timeline.Last(), contest);
        Assert.Equal((TimelineKind.Contested, "citizen", true), (contest.Kind, contest.Actor, contest.VisibleToCitizen));

        c.Respond("Remplacé le 10 avril.", definitive: true, "cell", At.AddDays(8));
        Assert.True(c.MayRate);
    }

    [Fact]
    public void A_contested_rejection_goes_back_to_the_cell()
    {
        var c = DomainFilings.File(At.AddHours(-1), "x", 8);
        c.Reject(RejectionReason.Unclear, "Lettre.", "cell", At);
        c.Contest("J'ai précisé la rue.", At.AddDays(1), LegalClock.Default);
        Assert.Equal(ComplaintStatus.Reopened, c.Status);
        Assert.Null(c.RejectionReason);
    }

    [Theory]
    [InlineData(30, "2026-05-02", true)]
    [InlineData(30, "2026-05-03", false)]
    [InlineData(0, "2026-04-02", true)]
    [InlineData(0, "2026-04-03", false)]
    public void Contesting_is_open_until_the_last_day_of_the_period(int days, string today, bool open)
    {
        var c = Assigned();
        c.Respond("Réparé.", definitive: true, "cell", At);
        Assert.Equal(open, c.MayContest(DateOnly.Parse(today), days));
    }

    [Fact]
    public void A_closed_answer_may_still_be_contested_but_a_complaint_in_treatment_may_not()
    {
        var c = Assigned();
        Assert.Throws<InvalidOperationException>(() => c.Contest("Rien reçu.", At, LegalClock.Default));
        c.Respond("Réparé.", definitive: true, "cell", At);
        c.Close("Clôture.", "cell", At.AddDays(1));
        Assert.True(c.MayContest(new DateOnly(2026, 4, 10), 30));
        c.Contest("Toujours éteint.", At.AddDays(5), LegalClock.Default);
        Assert.Equal(ComplaintStatus.Assigned, c.Status);
    }

    [Fact]
    public void Escalation_is_for_staff_only_and_a_reopening_clears_it()
    {
        // Filed on 31 January: due on 1 April.
        var c = Assigned(new DateTime(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateOnly(2026, 4, 1), c.ResponseDueOn);
        c.Escalate(At);
        Assert.Equal(At, c.EscalatedAt);
        var entry = c.Timeline.Last();
        Assert.Equal((TimelineKind.Escalated, false, "2026-04-01"), (entry.Kind, entry.VisibleToCitizen, entry.Text));

        c.Respond("Réparé.", definitive: true, "cell", At.AddDays(1));
        c.Contest("Toujours éteint.", At.AddDays(2), LegalClock.Default);
        Assert.Null(c.EscalatedAt);
    }
}
