using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Complaints.Web.Data;

// A transaction of our own under PostgreSQL's retrying execution strategy (docs/decisions/0019): a connection the
// server dropped while it idled in the pool (a restart, a failover) fails the transaction's first statement, before
// anything was written, and only such a failure is tried again, on a new connection. A failure further in is not:
// the changes the work tracked, or a commit that may have landed, must not go in twice (no filing twice, no number
// burnt). On SQLite, which has no connection to lose, the work simply runs in a transaction.
public static class Transactions
{
    public static Task<T> InTransactionAsync<T>(this AppDbContext db, Func<IDbContextTransaction, Task<T>> work, CancellationToken ct) =>
        db.InTransactionAsync<int, T>(null, (tx, _) => work(tx), ct);

    // The same when the work's first statement may itself be the one that finds out: it must write nothing that
    // outlives the transaction and change nothing EF Core tracks (the filing's increment of its reference counter,
    // undone with the transaction a lost connection ends), and it spares the probe's round trip.
    // Without a first statement (null), a SELECT 1 checks, and only where connections can be lost.
    public static async Task<T> InTransactionAsync<TFirst, T>(this AppDbContext db, Func<CancellationToken, Task<TFirst>>? first,
        Func<IDbContextTransaction, TFirst?, Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        if (!strategy.RetriesOnFailure)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            return await work(tx, first is null ? default : await first(ct));
        }
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Npgsql sends BEGIN with the first statement: this one finds out whether the connection is alive.
            TFirst? value = default;
            if (first is null)
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
            else
                value = await first(ct);
            try
            {
                return await work(tx, value);
            }
            catch (Exception e) when (IsTransient(e))
            {
                throw new TransactionInterruptedException(e);
            }
        }, ct);
    }

    public static Task InTransactionAsync(this AppDbContext db, Func<IDbContextTransaction, Task> work, CancellationToken ct) =>
        db.InTransactionAsync(async tx => { await work(tx); return true; }, ct);

    static bool IsTransient(Exception e) =>
        e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException || e.InnerException is { } inner && IsTransient(inner);
}

// The connection was lost after the transaction had begun its work: the request fails rather than risk doing it twice.
public sealed class TransactionInterruptedException(Exception inner)
    : Exception("The database connection was lost during a transaction; it was not tried again.", inner);
