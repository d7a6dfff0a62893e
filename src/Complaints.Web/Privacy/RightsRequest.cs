using Complaints.Web.Domain;

namespace Complaints.Web.Privacy;

// Loi 09-08 gives the person a complaint names the right to see, correct or erase their personal data.
public enum RightsKind { See, Correct, Erase }

public enum RightsStatus { Open, Answered }

// A citizen's request about their personal data, asked from the complaint's page; the commune's administrators
// answer it within its own deadline, through the outbox, and both steps are in the audit log.
public class RightsRequest
{
    // The commune's administrators answer within this many calendar days.
    public const int ResponseDays = 30;

    public long Id { get; set; }
    public int CommuneId { get; set; }
    public long ComplaintId { get; set; }
    public Complaint? Complaint { get; set; }
    public RightsKind Kind { get; set; }
    // What the citizen asks, in their words (what to correct, for instance).
    public string? Text { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateOnly DueOn { get; set; }
    public RightsStatus Status { get; set; }
    public string? Answer { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
}
