using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Hosting;

public static class DatabaseSetup
{
    // Database:Provider picks the provider and, with it, its own migrations (CONTRACT §2).
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
            var cs = config.GetConnectionString("Sqlite") ?? "Data Source=data/complaints.db";
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(cs));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is neither Sqlite nor Postgres.");
        }
        return services;
    }
}
