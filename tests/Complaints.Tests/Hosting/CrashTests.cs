using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Npgsql;

namespace Complaints.Tests.Hosting;

// The instance as it is deployed, a process of its own, and PostgreSQL, each killed outright (SIGKILL) while many
// clients file at once: what was acknowledged is kept, and the references stay without duplicate or gap (ADR 0002).
public sealed class CrashTests
{
    const string ApiKey = "open311-crash-key-9b3e";
    const int Clients = 16;

    [Fact]
    public async Task Killing_the_instance_then_the_database_during_parallel_filing_loses_no_acknowledged_complaint()
    {
        using var server = PostgresServer.StartOwn();
        await using var database = await TestDatabase.CreateAsync(server);
        var instance = await Instance.StartAsync(database.ConnectionString);
        var acknowledged = new ConcurrentDictionary<string, string>(); // reference → what was filed under it
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = instance.Address, Timeout = TimeSpan.FromSeconds(30) };

        async Task FileUntilStoppedAsync(int client)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var mark = $"dépôt {client}-{n}";
                try
                {
                    var response = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["api_key"] = ApiKey, ["jurisdiction_id"] = "sefrou", ["service_code"] = "voirie",
                        ["description"] = $"Un nid-de-poule profond devant l'école primaire ({mark}).",
                        ["email"] = $"citoyen{client}@example.test",
                    }), stop.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var reference = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0]
                            .GetProperty("service_request_id").GetString()!;
                        Assert.True(acknowledged.TryAdd(reference, mark), $"{reference} acknowledged twice");
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // The instance is down or was killed while answering: this filing was not acknowledged.
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }

        // Waits (not a timed assertion: the limit only ends a test that would hang) for more acknowledged filings.
        async Task FiledAsync(int more)
        {
            var target = acknowledged.Count + more;
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (acknowledged.Count < target)
                await Task.Delay(20, limit.Token);
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => FileUntilStoppedAsync(c))).ToArray();
        try
        {
            await FiledAsync(40);
            await instance.KillAsync();
            instance = await Instance.StartAsync(database.ConnectionString, instance.Address.Port);
            await FiledAsync(40);
            server.Kill();
            server.StartAgain();
            await FiledAsync(40);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(clients);
            await instance.KillAsync();
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT c."Reference", c."Number", c."Description",
                   EXISTS (SELECT 1 FROM "OutboxMessages" m WHERE m."ComplaintId" = c."Id") AS receipt
            FROM "Complaints" c JOIN "Communes" k ON k."Id" = c."CommuneId" WHERE k."Code" = 'sefrou'
            """, connection);
        var stored = new List<(string Reference, int Number, string Description, bool Receipt)>();
        await using (var rows = await query.ExecuteReaderAsync())
            while (await rows.ReadAsync())
                stored.Add((rows.GetString(0), rows.GetInt32(1), rows.GetString(2), rows.GetBoolean(3)));

        var byReference = stored.ToDictionary(s => s.Reference);
        Assert.All(acknowledged, a => Assert.Contains($"({a.Value})", byReference[a.Key].Description));
        Assert.Equal(stored.Count, stored.Select(s => s.Description).Distinct().Count());
        // A filing cut short rolled its number back with it: the numbers run from 1 without a gap.
        Assert.Equal(Enumerable.Range(1, stored.Count), stored.Select(s => s.Number).Order());
        // The receipt left with every complaint.
        Assert.All(stored, s => Assert.True(s.Receipt, s.Reference));
    }

    // `dotnet Complaints.Web.dll` as deployed, configured by its environment, listening on a loopback port.
    sealed class Instance(SiteProcess site, Uri address)
    {
        public Uri Address { get; } = address;

        public static async Task<Instance> StartAsync(string connectionString, int? port = null)
        {
            var address = new Uri($"http://127.0.0.1:{port ?? SmtpTestServer.FreePort()}");
            var site = SiteProcess.Program(new()
            {
                ["ASPNETCORE_URLS"] = address.ToString(),
                ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Bootstrap__ApiKey"] = ApiKey,
                ["Bootstrap__AdminEmail"] = TestDatabase.AdminEmail,
                ["Bootstrap__AdminPassword"] = TestDatabase.AdminPassword,
                ["RateLimiting__Enabled"] = "false",
                ["Outbox__Worker"] = "false",
            }, environmentName: "Testing", anyPort: false); // Testing: data-protection keys unencrypted at rest, which outside Development needs a certificate.
            await site.ListeningAsync();

            using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (true)
            {
                try
                {
                    if ((await probe.GetAsync("/health/ready", limit.Token)).IsSuccessStatusCode)
                        return new Instance(site, address);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !limit.IsCancellationRequested)
                {
                    // Too busy starting to answer.
                }
                await Task.Delay(100, limit.Token);
            }
        }

        // SIGKILL: no shutdown, no request finished, no connection closed in good order.
        public ValueTask KillAsync() => site.DisposeAsync();
    }
}
