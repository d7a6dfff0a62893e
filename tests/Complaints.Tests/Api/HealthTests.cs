using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

public abstract class HealthTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_gone()
    {
        var client = App.CreateClient();
        await App.Database.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    public sealed class OnSqlite() : HealthTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : HealthTests(DatabaseKind.Postgres);
}
