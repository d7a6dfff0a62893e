using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Tools;

// The generate command as an operator runs it (dotnet run --project src/Complaints.Tools -- generate ...): the site's
// configuration keys choose the database, an empty one is brought up to date and seeded first, and the complaints
// land in the commune asked for.
public abstract class GenerateCommandTests(DatabaseKind kind) : IAsyncLifetime
{
    public sealed class OnSqlite() : GenerateCommandTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : GenerateCommandTests(DatabaseKind.Postgres);

    TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(kind, seeded: false);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Generate_on_an_empty_database_prepares_it_and_fills_the_commune_asked_for()
    {
        var exit = await Complaints.Tools.Program.Main(["generate", "--commune", "sefrou", "--complaints", "120", "--years", "1",
            "--Database:Provider", kind.ToString(), $"--ConnectionStrings:{kind}", database.ConnectionString]);

        Assert.Equal(0, exit);
        await using var services = Services();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(["el-jadida", "kenitra", "safi", "sefrou"], await db.Communes.Select(c => c.Code).OrderBy(c => c).ToListAsync());
        var references = await db.Complaints.Select(c => c.Reference).ToListAsync();
        Assert.Equal(120, references.Count);
        Assert.All(references, r => Assert.StartsWith("SEF-", r));
        // The first administrator is the site's to create and print, at its first start.
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task An_unknown_command_exits_with_2_and_leaves_the_database_alone()
    {
        var exit = await Complaints.Tools.Program.Main(["generat", "--Database:Provider", kind.ToString(), $"--ConnectionStrings:{kind}", database.ConnectionString]);

        Assert.Equal(2, exit);
        await using var services = Services();
        using var scope = services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync());
    }

    // The test's own look at the database, through the site's database setup.
    ServiceProvider Services()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(TestDatabase.Settings(kind, database.ConnectionString).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddAppDatabase(config).BuildServiceProvider();
    }
}
