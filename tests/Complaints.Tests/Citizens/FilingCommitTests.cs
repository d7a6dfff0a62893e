using Complaints.Tests.Infrastructure;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Citizens;

// Filings of one commune that arrive while its counter is busy are written together (docs/decisions/0021): here the
// counter is held by another transaction, as a slow commit of another instance would hold it, while filings arrive.
public abstract class FilingCommitTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Filings_that_waited_for_the_counter_each_get_their_own_reference_and_a_receipt_that_names_it()
    {
        using var metrics = new MetricReadings(App);
        Task<Filed>[] filings;
        await using (var held = await HoldCounterAsync())
        {
            filings = [.. new[] { "amina", "karim", "salma" }.Select(name => App.FileAsync(email: $"{name}@example.test"))];
            await UntilAsync(() => App.Services.GetRequiredService<FilingCommit>().Unwritten == 3);
            Assert.All(filings, f => Assert.False(f.IsCompleted));
            // What an operator's collector reads meanwhile.
            Assert.Equal(3, metrics.Gauge("complaints.filing.unwritten"));
        }
        var filed = await Task.WhenAll(filings);
        Assert.Equal(0, metrics.Gauge("complaints.filing.unwritten"));
        Assert.Equal(3, metrics.Total("complaints.filing.batch"));

        // The holder's number went back with its transaction: no gap.
        Assert.Equal(["SEF-2026-000001", "SEF-2026-000002", "SEF-2026-000003"], filed.Select(f => f.Complaint.Reference).Order());
        var receipts = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Event == NotificationEvent.Receipt
            && m.Channel == NotificationChannel.Email).ToListAsync());
        foreach (var f in filed)
        {
            var receipt = Assert.Single(receipts, m => m.Recipient == f.Complaint.Complainant.Email);
            Assert.Equal(f.Complaint.Id, receipt.ComplaintId);
            Assert.Contains(f.Complaint.Reference, receipt.Body);
        }
        Assert.True(await CitizenAccess(filed[1]), "the second citizen's code opens their complaint");
    }

    [Fact]
    public async Task A_filing_the_database_refuses_fails_alone_and_the_others_of_its_batch_are_written_without_a_gap()
    {
        var commit = App.Services.GetRequiredService<FilingCommit>();
        var (commune, category) = await App.WithDbAsync(async db => (
            await db.Communes.AsNoTracking().SingleAsync(c => c.Code == "sefrou"),
            await db.Categories.AsNoTracking().FirstAsync(c => c.Commune!.Code == "sefrou" && c.Code == "voirie")));
        FilingCommit.Pending Filing(string description, Category of) => new(
            Complaint.File(commune, of, null,
                new Submission(ComplaintKind.Complaint, Channel.Api, description, null, null, null, new Complainant(), false, "fr"),
                "hash", "test", App.Clock.GetUtcNow().UtcDateTime, ComplaintClock.For(commune, of, [])),
            commune.ReferencePrefix, _ => { });
        var gone = new Category { Id = 999_999, CommuneId = commune.Id, Code = "gone", NameFr = "Disparue", NameAr = "محذوفة" };

        Task first, refused, last;
        await using (var held = await HoldCounterAsync())
        {
            // Queued in this order behind the held counter, the last two are written in one transaction.
            first = commit.WriteAsync(Filing("La première réclamation, écrite seule.", category));
            refused = commit.WriteAsync(Filing("Une réclamation dont la catégorie n'existe plus.", gone));
            last = commit.WriteAsync(Filing("La dernière réclamation, écrite avec la refusée.", category));
        }

        await first;
        await Assert.ThrowsAsync<DbUpdateException>(() => refused);
        await last;
        var written = await App.WithDbAsync(db => db.Complaints.AsNoTracking().OrderBy(c => c.Number)
            .Select(c => new { c.Reference, c.Description }).ToListAsync());
        Assert.Equal(["SEF-2026-000001", "SEF-2026-000002"], written.Select(c => c.Reference));
        Assert.Equal(["La première réclamation, écrite seule.", "La dernière réclamation, écrite avec la refusée."],
            written.Select(c => c.Description));
    }

    // Another transaction takes Sefrou's next number and keeps its row (or, on SQLite, the database) locked until
    // disposed, then rolls back.
    async Task<IAsyncDisposable> HoldCounterAsync()
    {
        var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sefrou = await db.Communes.Where(c => c.Code == "sefrou").Select(c => c.Id).SingleAsync();
        // Under PostgreSQL's retrying execution strategy a transaction of one's own is begun through it.
        var tx = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var tx = await db.Database.BeginTransactionAsync();
            await ReferenceNumbers.TakeAsync(db, sefrou, 2026, 1, CancellationToken.None);
            return tx;
        });
        return new Held(tx, scope);
    }

    sealed class Held(IDbContextTransaction tx, AsyncServiceScope scope) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.RollbackAsync();
            await tx.DisposeAsync();
            await scope.DisposeAsync();
        }
    }

    // The filings reach the commit on their own threads; the test goes on once they all have.
    static async Task UntilAsync(Func<bool> condition)
    {
        for (var tries = 0; !condition(); tries++)
        {
            Assert.True(tries < 1000, "the filings did not reach the commit");
            await Task.Delay(10);
        }
    }

    async Task<bool> CitizenAccess(Filed filed)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<CitizenAccess>();
        return await access.VerifyAsync(filed.Complaint.Reference, filed.AccessCode, CancellationToken.None) is not null;
    }

    public sealed class OnSqlite() : FilingCommitTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : FilingCommitTests(DatabaseKind.Postgres);
}
