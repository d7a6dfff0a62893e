using Complaints.Web.Deadlines;
using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class ComplaintTreatmentTests
{
    static readonly DateTime At = new(2026, 4, 2, 10, 0, 0, DateTimeKind.Utc);

    static Complaint NewComplaint() => DomainFilings.File(At.AddHours(-2), "Lampadaire éteint rue 3.", 7);

    static Category Lighting => new() { Id = 2, CommuneId = 1, Code = "eclairage-public", NameFr = "Éclairage public", NameAr = "الإنارة العمومية" };
    static Service Lights => new() { Id = 5, CommuneId = 1, Code = "eclairage", NameFr = "Éclairage", NameAr = "الإنارة" };

    [Fact]
    public void Correcting_the_category_is_recorded_internally_and_a_same_category_change_records_nothing()
    {
        var c = NewComplaint();
        c.Recategorize(Lighting, "cell", At);
        Assert.Equal(2, c.CategoryId);
        var entry = Assert.Single(c.Timeline, t => t.Kind != TimelineKind.Filed);
        Assert.Equal(TimelineKind.Recategorized, entry.Kind);
        Assert.False(entry.VisibleToCitizen);

        Assert.Null(c.Recategorize(Lighting, "cell", At));
        Assert.Single(c.Timeline, t => t.Kind != TimelineKind.Filed);
    }

    [Fact]
    public void A_category_of_another_commune_is_refused()
    {
        var c = NewComplaint();
        Assert.Throws<ArgumentException>(() => c.Recategorize(new Category { Id = 9, CommuneId = 2, Code = "x", NameFr = "x", NameAr = "x" }, "cell", At));
        Assert.Equal(1, c.CategoryId);
    }

    [Fact]
    public void Asking_the_citizen_waits_for_them_and_their_answer_ends_the_wait()
    {
        var c = NewComplaint();
        c.RequestInformation("Quelle rue ?", "cell", At);
        Assert.True(c.AwaitingCitizen);
        // The question, and the clock standing still while the citizen answers: both shown to them.
        Assert.Equal([TimelineKind.InformationRequested, TimelineKind.ClockPaused], c.Timeline.Skip(1).Select(t => t.Kind));
        Assert.All(c.Timeline, t => Assert.True(t.VisibleToCitizen));
        Assert.Equal(At, c.ClockPausedAt);

        var answer = c.AddCitizenInformation("Rue 3, devant la pharmacie.", At.AddDays(1), LegalClock.Default);
        Assert.False(c.AwaitingCitizen);
        Assert.Equal(TimelineKind.CitizenInformation, answer.Kind);
        Assert.Equal("citizen", answer.Actor);
        Assert.True(answer.VisibleToCitizen);
    }

    [Fact]
    public void An_answered_complaint_takes_no_more_information_from_the_citizen()
    {
        var c = NewComplaint();
        c.Assign(Lights, null, "cell", At);
        c.Respond("Réparé.", definitive: true, "cell", At);
        Assert.False(c.CitizenMayAddInformation);
        Assert.Throws<InvalidOperationException>(() => c.AddCitizenInformation("Merci", At, LegalClock.Default));
    }

    [Fact]
    public void The_latest_proposal_is_the_one_the_cell_sees()
    {
        var c = NewComplaint();
        c.Assign(Lights, null, "cell", At);
        c.Propose("Première version", definitive: false, "agent", At.AddHours(1));
        c.Propose("Lampe remplacée le 3 avril.", definitive: true, "agent", At.AddHours(2));
        var proposal = c.LatestProposal!;
        Assert.Equal("Lampe remplacée le 3 avril.", proposal.Text);
        Assert.True(proposal.Definitive);
        Assert.False(proposal.VisibleToCitizen);
        Assert.Equal(ComplaintStatus.Assigned, c.Status);
    }

    [Fact]
    public void Every_change_moves_the_version_so_an_older_view_is_detected()
    {
        var c = NewComplaint();
        var v0 = c.Version;
        c.AddNote("Appel reçu", "cell", At);
        c.Assign(Lights, "Urgent", "cell", At);
        Assert.True(c.Version > v0 + 1);
    }
}
