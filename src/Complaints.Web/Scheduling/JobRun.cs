using Microsoft.EntityFrameworkCore;

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

public static class JobRuns
{
    public const string UniqueIndex = "IX_JobRuns_Job_Key";

    // The unique index refused the row: another instance ran the job for that key first.
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
