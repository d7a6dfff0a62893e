using Complaints.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Hosting;

// The first start on an empty database migrates and seeds it: an operator watching that start reads no error
// (EF's probe of a migration history the new database does not have yet is expected, not a failure).
public abstract class FirstStartLogTests(DatabaseKind kind) : AppTest(kind)
{
    protected override bool Seeded => false;

    [Fact]
    public async Task A_new_database_is_prepared_without_an_error_in_the_log()
    {
        var home = await App.Browser("fr").GetPageAsync("/");
        Assert.NotEmpty(home.QuerySelectorAll("ul.communes a"));
        Assert.DoesNotContain(App.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    public sealed class OnSqlite() : FirstStartLogTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : FirstStartLogTests(DatabaseKind.Postgres);
}
