using System.Data.Common;
using Complaints.Web.Data;
using Complaints.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Complaints.Web.Hosting;

public static class DatabaseSetup
{
    // Database:Provider picks the provider and, with it, its own migrations (docs/operations.md).
    // Contexts are pooled: a request takes one already set up instead of building its internal services (bench/README.md).
    // A pooled context outlives the request and its options are built once, from the application's root services: it
    // holds no state of its own beyond what EF resets when it goes back, its interceptors hold only loggers, and
    // nothing asks it for a request's service (db.GetService<StaffMail>() would get one of the root, writing into
    // another context's outbox). `sp` below is therefore the root provider.
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var cs = Tuned(config.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is not set."));
            // A statement that fails on a connection lost to a restart or a failover is tried again on a new one; a
            // transaction of our own only from its start (Transactions.InTransactionAsync, docs/decisions/0019).
            services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, o) => o
                .UseNpgsql(cs, npgsql => npgsql.EnableRetryOnFailure(5, TimeSpan.FromSeconds(2), null))
                .AddInterceptors(TransactionFailures.For(sp), ClaimRaceLog.For(sp))
                .ConfigureWarnings(QuietFailures));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var cs = config.GetConnectionString("Sqlite") ?? DataFolder.DefaultSqlite;
            services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(cs)
                .AddInterceptors(new SqliteBusyTimeout(), TransactionFailures.For(sp), ClaimRaceLog.For(sp))
                .ConfigureWarnings(QuietFailures));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is neither Sqlite nor Postgres.");
        }
        return services;
    }

    // EF's own lines for these failures go to Debug: TransactionFailures and ClaimRaceLog write them at the level
    // they deserve (a client gone, another instance first, or an error).
    static void QuietFailures(WarningsConfigurationBuilder w) => w.Log(
        (RelationalEventId.TransactionError, LogLevel.Debug),
        (RelationalEventId.CommandError, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug));

    // The statements a request sends are few and the same each time (reading a complaint, filing one); parsing and
    // planning them anew was most of PostgreSQL's CPU per request (bench/README.md). Npgsql prepares a statement on
    // a connection once it has been sent a few times, unless the operator's connection string says otherwise.
    public const int MaxAutoPrepare = 128;

    // A connection going back to Npgsql's pool is still reset (the reset is seven statements PostgreSQL runs on the
    // next use, a quarter of a filing's database CPU before group commit): with `No Reset On Close`, a statement
    // PostgreSQL refused while Npgsql was preparing it (a NUL in a parameter, 22021) left its connection answering
    // the next query with no columns (FuzzTests, bench/README.md). The operator's own setting is kept.
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(connectionString, "Auto Prepare", "AutoPrepare"))
            builder.MaxAutoPrepare = MaxAutoPrepare;
        return builder.ConnectionString;
    }

    static bool Says(string connectionString, params string[] keys) =>
        keys.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));

    // Concurrent writers wait inside SQLite, polling every few milliseconds, rather than in the
    // driver's coarser retry loop: many simultaneous filings then queue quickly instead of timing out.
    sealed class SqliteBusyTimeout : DbConnectionInterceptor
    {
        const string Pragma = "PRAGMA busy_timeout = 30000;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    // EF Core logs every failed begin, commit or rollback as an error. A client that hangs up cancels its request, and
    // with it the transaction: that is no fault of the server, and is logged as what it is.
    public sealed class TransactionFailures(ILogger<TransactionFailures> log) : DbTransactionInterceptor
    {
        // The command-line tools build their services without logging.
        public static TransactionFailures For(IServiceProvider services) =>
            new(services.GetService<ILogger<TransactionFailures>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<TransactionFailures>.Instance);

        public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Log(eventData);

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken ct = default)
        {
            Log(eventData);
            return Task.CompletedTask;
        }

        void Log(TransactionErrorEventData e)
        {
            if (Cancelled(e.Exception))
                log.LogInformation("A transaction was abandoned ({Action}): the request was cancelled, its client most likely gone", e.Action);
            else
                log.LogError(e.Exception, "A transaction failed ({Action})", e.Action);
        }

        static bool Cancelled(Exception? e) => e is OperationCanceledException || e?.InnerException is { } inner && Cancelled(inner);
    }
}
