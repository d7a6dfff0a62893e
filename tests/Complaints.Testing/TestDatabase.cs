using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

// A fresh database per test, copied from a template that was migrated and seeded once per run,
// so no test sees another's data and none pays for the migrations again.
public sealed class TestDatabase : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Quiet-harbour-lantern-7";

    static readonly SemaphoreSlim TemplateLock = new(1, 1);
    static string? sqliteTemplate;
    static bool postgresTemplate;

    public DatabaseKind Kind { get; }
    public string ConnectionString { get; }
    readonly string name;
    readonly PostgresServer? server;

    TestDatabase(DatabaseKind kind, string name, string connectionString, PostgresServer? server = null)
    {
        Kind = kind;
        this.name = name;
        ConnectionString = connectionString;
        this.server = server;
    }

    // An empty database on a PostgreSQL server of the test's own (one it kills and restarts): the app prepares it.
    public static async Task<TestDatabase> CreateAsync(PostgresServer server)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await server.CreateDatabaseAsync(name);
        return new TestDatabase(DatabaseKind.Postgres, name, server.ConnectionString(name), server);
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind, bool seeded = true)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        if (kind == DatabaseKind.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), "complaints-tests", name + ".db");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (seeded)
                File.Copy(await SqliteTemplateAsync(), path);
            return new TestDatabase(kind, path, $"Data Source={path};Pooling=false");
        }
        var server = PostgresServer.Instance;
        if (seeded)
            await PostgresTemplateAsync(server);
        await server.CreateDatabaseAsync(name, seeded ? "complaints_template" : null);
        return new TestDatabase(kind, name, server.ConnectionString(name));
    }

    static async Task<string> SqliteTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (sqliteTemplate is null)
            {
                var path = Path.Combine(Path.GetTempPath(), "complaints-tests", $"template-{Guid.NewGuid():N}.db");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await PrepareAsync(DatabaseKind.Sqlite, $"Data Source={path};Pooling=false");
                sqliteTemplate = path;
            }
            return sqliteTemplate;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    static async Task PostgresTemplateAsync(PostgresServer server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (!postgresTemplate)
            {
                await server.CreateDatabaseAsync("complaints_template");
                await PrepareAsync(DatabaseKind.Postgres, server.ConnectionString("complaints_template"));
                Npgsql.NpgsqlConnection.ClearAllPools();
                postgresTemplate = true;
            }
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    // Starting the app once applies the migrations, seeds the demo communes and the administrator.
    static async Task PrepareAsync(DatabaseKind kind, string connectionString)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in Settings(kind, connectionString))
                b.UseSetting(key, value);
            b.ConfigureTestServices(CheapPasswordHashes);
        });
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Complaints.Web.Data.AppDbContext>().Database.CanConnectAsync();
    }

    public static IEnumerable<(string Key, string Value)> Settings(DatabaseKind kind, string connectionString)
    {
        yield return ("Database:Provider", kind.ToString());
        yield return ($"ConnectionStrings:{kind}", connectionString);
        yield return ("Bootstrap:AdminEmail", AdminEmail);
        yield return ("Bootstrap:AdminPassword", AdminPassword);
        // Tests drive outbox passes themselves; a background loop would race them.
        yield return ("Outbox:Worker", "false");
    }

    // The hash's work factor slows down whoever steals the database; no test can see it, and Identity's
    // 100,000 rounds cost a test about 170 ms of processor time to create and sign in one member of staff.
    public static void CheapPasswordHashes(IServiceCollection services) =>
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);

    public async ValueTask DisposeAsync()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(name + suffix);
        }
        else
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await (server ?? PostgresServer.Instance).DropDatabaseAsync(name);
        }
    }
}
