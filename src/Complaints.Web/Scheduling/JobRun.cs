namespace Complaints.Web.Scheduling;

// "This job already ran for this key" (a reminder for one due date, one person's digest of one day):
// the unique index makes every instance of the application agree on who does it.
public class JobRun
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public required string Key { get; set; }
    public DateTime At { get; set; }
}
