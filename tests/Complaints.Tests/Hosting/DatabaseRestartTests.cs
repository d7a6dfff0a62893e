using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Hosting;

// PostgreSQL killed and started again while an instance sits idle: the connections the instance keeps in its pool
// are dead, and the first filings after the restart must not be the ones that find out (docs/operations.md).
public sealed class DatabaseRestartTests
{
    const string ApiKey = "open311-restart-key-4d2a";

    [Fact]
    public async Task After_the_database_restarts_under_an_idle_instance_the_first_filings_succeed()
    {
        using var server = PostgresServer.StartOwn();
        await using var app = TestApp.StartOn(await TestDatabase.CreateAsync(server),
            new() { ["Bootstrap:ApiKey"] = ApiKey, ["RateLimiting:Enabled"] = "false" });
        var client = app.CreateClient();
        async Task<(HttpStatusCode Status, string Body)> FileAsync()
        {
            var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = ApiKey, ["jurisdiction_id"] = "sefrou", ["service_code"] = "voirie",
                ["description"] = "Un lampadaire éteint depuis une semaine au coin de la rue.",
            }));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // Filings at once leave several connections idle in the pool.
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => FileAsync())), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        server.Kill();
        server.StartAgain();

        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => FileAsync()));

        Assert.All(after, r => Assert.True(r.Status == HttpStatusCode.OK, $"{(int)r.Status} {r.Body}"));
        var references = after.Select(r => JsonDocument.Parse(r.Body).RootElement[0].GetProperty("service_request_id").GetString()).Order();
        // None of the filings that failed on a dead connection and were tried again burnt a number.
        Assert.Equal(Enumerable.Range(9, 8).Select(n => $"SEF-2026-{n:D6}"), references);
    }

    // A filing's transaction opens with its number's increment, which is also what finds a dead connection: here it is
    // the first statement sent after the restart, so it meets one, and is tried again without burning the number.
    [Fact]
    public async Task A_filing_transaction_that_meets_a_dead_connection_first_takes_its_number_on_a_new_one()
    {
        using var server = PostgresServer.StartOwn();
        await using var app = TestApp.StartOn(await TestDatabase.CreateAsync(server), new() { ["RateLimiting:Enabled"] = "false" });
        // Several connections left idle in the pool.
        var communeId = await app.WithDbAsync(async db =>
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.WithDbAsync(other => other.Communes.CountAsync())));
            return (await db.Communes.SingleAsync(c => c.Code == "sefrou")).Id;
        });
        server.Kill();
        server.StartAgain();

        var numbers = await app.WithDbAsync(async db =>
        {
            Task<int> NumberAsync() => db.InTransactionAsync(ct => ReferenceNumbers.TakeAsync(db, communeId, 2026, 1, ct), async (tx, number) =>
            {
                await tx.CommitAsync();
                return number;
            }, CancellationToken.None);
            return (await NumberAsync(), await NumberAsync());
        });

        Assert.Equal((1, 2), numbers);
    }
}
