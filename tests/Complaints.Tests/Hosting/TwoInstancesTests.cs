using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Hosting;

// Two instances deployed together start at the same moment on an empty database: the schema is migrated once, the
// demo communes and the first administrator are created once, and what one instance issues the other accepts.
public abstract class TwoInstancesTests(DatabaseKind kind)
{
    [Fact]
    public async Task Starting_together_on_an_empty_database_they_migrate_and_seed_it_once_and_share_sign_ins()
    {
        var apps = await TestApp.StartTogetherAsync(kind, 2);
        try
        {
            foreach (var app in apps)
                Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
            var (applied, distinct, known) = await apps[0].WithDbAsync(async db =>
            {
                var history = await db.Database.GetAppliedMigrationsAsync();
                return (history.Count(), history.Distinct().Count(), db.Database.GetMigrations().Count());
            });
            Assert.Equal(known, applied);
            Assert.Equal(known, distinct);
            Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], await apps[1].WithDbAsync(db => db.Communes.Select(c => c.Code).OrderBy(c => c).ToListAsync()));
            Assert.Equal(1, await apps[1].WithDbAsync(db => db.Users.CountAsync()));

            // A token issued by one instance opens the other's API: the keys are shared through the database.
            var cell = await apps[0].CreateAsync(Roles.ComplaintsCell, "sefrou");
            var signedIn = await apps[0].ApiAsync(cell);
            var elsewhere = apps[1].CreateClient();
            elsewhere.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/complaints")).StatusCode);
        }
        finally
        {
            foreach (var app in apps.Reverse())
                await app.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : TwoInstancesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TwoInstancesTests(DatabaseKind.Postgres);
}
