using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Complaints.Web.Data;

// Instances deployed together start at the same moment: each prepares the database in turn, so the schema is
// migrated, the demo communes and the first administrator are created once, and the later ones find them there.
// PostgreSQL: a session advisory lock on the connection the preparation uses; SQLite: a lock file beside the database.
public static class StartupLock
{
    // Any fixed number: the lock's name among the advisory locks of this database.
    const long Key = 0x436F6D706C61696E; // "Complain"

    public static async Task<IAsyncDisposable> AcquireAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
        {
            // The lock lives in a database: create it first if it does not exist (whoever comes second finds it).
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(ct))
            {
                try { await creator.CreateAsync(ct); }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
            }
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", ct);
            return new Released(async () =>
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
                await db.Database.CloseConnectionAsync();
            });
        }
        var file = db.Database.GetDbConnection().DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:")
            return new Released(() => Task.CompletedTask);
        // On a first start the database's folder does not exist yet, and the lock file goes in it.
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        // An exclusive open is an exclusive lock on Linux (flock) and Windows alike; the other instance waits its turn.
        while (true)
        {
            try
            {
                var held = new FileStream(file + ".startup-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Released(() => { held.Dispose(); return Task.CompletedTask; });
            }
            catch (IOException)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    sealed class Released(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
