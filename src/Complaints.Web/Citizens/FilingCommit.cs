using System.Diagnostics.Metrics;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Complaints.Web.Citizens;

// Group commit of filings (docs/decisions/0021-group-commit-of-filings.md). A commune's filings share its reference
// counter: written one by one, each held the counter's row from its number to its commit, and they queued on it. Here
// the filings of one commune and year that arrive while a transaction is writing wait for the next one, which takes
// all their numbers in one increment, writes all of them, their timelines and receipts in one batch and commits once;
// each caller is answered after that commit, so nothing is acknowledged that is not written. No filing waits on
// purpose: a lone filing is written at once, and the batches grow only as filings arrive faster than one commit.
// Between instances the counter's row lock still orders the transactions: no gap, no duplicate, whichever writes.
public sealed class FilingCommit
{
    readonly IServiceScopeFactory scopes;
    readonly ILogger<FilingCommit> log;
    readonly Histogram<int> batches;
    int unwritten;

    public FilingCommit(IServiceScopeFactory scopes, ILogger<FilingCommit> log, IMeterFactory meters)
    {
        this.scopes = scopes;
        this.log = log;
        var meter = meters.Create(NotificationMetrics.MeterName);
        meter.CreateObservableGauge("complaints.filing.unwritten", () => Unwritten, "{filing}",
            "Filings of this instance waiting for their commune's transaction or being written.");
        batches = meter.CreateHistogram<int>("complaints.filing.batch", "{filing}", "Filings written by one transaction.");
    }

    // Filings handed over and not yet answered.
    public int Unwritten => Volatile.Read(ref unwritten);

    // Enough to catch every filing that arrives during one commit, few enough to keep a transaction short.
    public const int MaxBatch = 64;

    // A filing ready to be numbered: its complaint (not tracked by any context) and the receipt to write once numbered.
    public sealed record Pending(Complaint Complaint, string ReferencePrefix, Action<AppDbContext> Receipt)
    {
        internal readonly TaskCompletionSource Written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    sealed class Lane
    {
        public readonly List<Pending> Waiting = [];
        public bool Writing;
    }

    readonly Dictionary<(int Commune, int Year), Lane> lanes = [];

    // Returns once the complaint is written with its number and receipt, or throws if it is not written.
    public Task WriteAsync(Pending filing)
    {
        Interlocked.Increment(ref unwritten);
        Lane lane;
        lock (lanes)
        {
            var key = (filing.Complaint.CommuneId, filing.Complaint.Year);
            if (!lanes.TryGetValue(key, out lane!))
                lanes[key] = lane = new Lane();
            lane.Waiting.Add(filing);
            if (lane.Writing)
                return filing.Written.Task;
            lane.Writing = true;
        }
        _ = Task.Run(() => DrainAsync(lane));
        return filing.Written.Task;
    }

    async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            List<Pending> batch;
            lock (lanes)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Writing = false;
                    return;
                }
                var count = Math.Min(lane.Waiting.Count, MaxBatch);
                batch = lane.Waiting.GetRange(0, count);
                lane.Waiting.RemoveRange(0, count);
            }
            await WriteBatchAsync(batch);
        }
    }

    async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            await SaveAsync(batch);
            batches.Record(batch.Count);
            foreach (var filing in batch)
                Answer(filing, null);
        }
        catch (Exception e) when (batch.Count > 1 && e is not TransactionInterruptedException)
        {
            // One filing the database refuses must not fail the others: each is tried again on its own.
            log.LogWarning(e, "A batch of {Count} filings failed; each is written on its own.", batch.Count);
            foreach (var filing in batch)
                await WriteBatchAsync([filing]);
        }
        catch (Exception e)
        {
            foreach (var filing in batch)
                Answer(filing, e);
        }
    }

    void Answer(Pending filing, Exception? failure)
    {
        Interlocked.Decrement(ref unwritten);
        if (failure is null)
            filing.Written.TrySetResult();
        else
            filing.Written.TrySetException(failure);
    }

    async Task SaveAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var first = batch[0].Complaint;
        try
        {
            // The increment opens the transaction and finds out whether the connection is alive (docs/decisions/0019):
            // it dies with a lost connection's transaction, so trying again burns no number.
            // Once begun, the writing is not cancelled: cancelling a statement costs PostgreSQL a connection of its own.
            await db.InTransactionAsync(ct => ReferenceNumbers.TakeAsync(db, first.CommuneId, first.Year, batch.Count, ct), async (tx, last) =>
            {
                var number = last - batch.Count;
                foreach (var filing in batch)
                {
                    filing.Complaint.Numbered(filing.ReferencePrefix, ++number);
                    db.Complaints.Add(filing.Complaint);
                    filing.Receipt(db);
                }
                // No savepoint around the save (its SAVEPOINT and RELEASE are two more round trips under the lock): a
                // failure rolls the whole batch back anyway. The context goes back to its pool, which resets this.
                db.Database.AutoSavepointsEnabled = false;
                await db.SaveChangesAsync(CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
                return last;
            }, CancellationToken.None);
        }
        catch
        {
            // The keys a failed save may have set go back to unset, so that the filing can be written again elsewhere.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added))
                foreach (var key in entry.Metadata.FindPrimaryKey()?.Properties.Where(p => p.ValueGenerated == ValueGenerated.OnAdd) ?? [])
                    key.PropertyInfo?.SetValue(entry.Entity, key.Sentinel);
            throw;
        }
    }
}
