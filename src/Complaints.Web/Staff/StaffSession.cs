namespace Complaints.Web.Staff;

// One signed-in session of a member of staff (a browser's cookie, or an API client's bearer and refresh tokens), so
// that the member sees where they are signed in and can end any of them (ASVS 5.0 V7.5). The cookie or token
// carries a random id; the table keeps only its hash, so a copy of the database opens no session.
public class StaffSession
{
    // SHA-256 of the id the session carries, in hexadecimal.
    public string Id { get; set; } = "";
    public required string MemberId { get; set; }
    public DateTime StartedAt { get; set; }
    // Moved forward at most every few minutes (StaffSessions.SeenEvery): a busy session does not write on each request.
    public DateTime LastSeenAt { get; set; }
    public string? ClientAddress { get; set; }
    // "Firefox, Windows", "API", or empty when the User-Agent says nothing we know.
    public string Device { get; set; } = "";
    public DateTime? EndedAt { get; set; }
}
