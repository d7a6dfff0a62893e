using System.Data.Common;
using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Complaints.Web.Hosting;

public static class DatabaseSetup
{
    // Database:Provider picks the provider and, with it, its own migrations (docs/operations.md).
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var cs = config.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(cs));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var cs = config.GetConnectionString("Sqlite") ?? DataFolder.DefaultSqlite;
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(cs).AddInterceptors(new SqliteBusyTimeout()));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is neither Sqlite nor Postgres.");
        }
        return services;
    }

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
}
