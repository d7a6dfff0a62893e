using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Complaints.Web.Scheduling;

// EF Core logs every failed command and save as an error. When two instances claim the same job run at once, the
// unique index refuses the second claim: that is how they agree (JobRun), and the loser is logged as such, at
// Information, instead of an error with a stack trace that would wake an operator; so is the migration history a new
// database does not have yet, at Debug. Every other failure is still an
// error, with the exception and the command, as EF wrote it (its own lines are turned down to Debug in DatabaseSetup).
public sealed class ClaimRaceLog(ILogger<ClaimRaceLog> log) : DbCommandInterceptor, ISaveChangesInterceptor
{
    // The command-line tools build their services without logging.
    public static ClaimRaceLog For(IServiceProvider services) =>
        new(services.GetService<ILogger<ClaimRaceLog>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<ClaimRaceLog>.Instance);

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Command(command, eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken ct = default)
    {
        Command(command, eventData);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Save(eventData);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Save(eventData);
        return Task.CompletedTask;
    }

    void Command(DbCommand command, CommandErrorEventData e)
    {
        if (IsClaimRace(e.Exception))
            log.LogInformation("Another instance claimed a job run first; this one leaves it");
        else if (IsFirstMigration(command, e.Exception))
            log.LogDebug("No migration history yet: the database is new and is being prepared");
        else
            log.LogError(e.Exception, "Failed executing DbCommand ({Elapsed} ms) {CommandText}", (int)e.Duration.TotalMilliseconds, command.CommandText);
    }

    void Save(DbContextErrorEventData e)
    {
        if (!IsClaimRace(e.Exception))
            log.LogError(e.Exception, "An exception occurred in the database while saving changes for {Context}", e.Context?.GetType().Name);
    }

    // On an empty database EF reads its migration history before creating the table: the refusal is expected.
    static bool IsFirstMigration(DbCommand command, Exception? e) =>
        command.CommandText.Contains("__EFMigrationsHistory", StringComparison.Ordinal) && e switch
        {
            Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable,
            Microsoft.Data.Sqlite.SqliteException lite => lite.Message.Contains("no such table", StringComparison.Ordinal),
            _ => false,
        };

    static bool IsClaimRace(Exception? e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == JobRuns.UniqueIndex,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19 && lite.Message.Contains("JobRuns.Job, JobRuns.Key", StringComparison.Ordinal),
        null => false,
        _ => IsClaimRace(e.InnerException),
    };
}
