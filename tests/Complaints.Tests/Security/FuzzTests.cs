using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Complaints.Tests.Security;

// Alone: the run is measured for memory, which requests of other tests would blur, and its load should not slow theirs.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}

// Ten thousand malformed requests over every route of the application's own table (pages with each handler, endpoints
// with each method, Open311 in JSON and XML), as a citizen, a signed-in member of staff and an API client: none answers
// 5xx or shows a stack trace, the site is still up afterwards and its memory has not grown without bound.
// Replay (docs/security.md, Fuzzing): FUZZ_SEED=n draws another run; FUZZ_ONLY=i,j sends only those requests of it.
[Collection(FuzzCollection.Name)]
public abstract class FuzzTests(DatabaseKind kind, ITestOutputHelper output) : AppTest(kind)
{
    public const int DefaultSeed = 20261129;
    const int Requests = 10_000;
    const int InFlight = 4;
    // Managed memory after a full GC, every thousand requests. The first thousand fill the caches every route has (compiled
    // queries, page factories, binding metadata: some 100 MB, flat afterwards). One sample can jump by up to 200 MB when the
    // last requests left large buffers in the shared array pools (bounded, kept for reuse), so the test takes the lowest of
    // the last three samples: a leak raises all of them. The heap is shared with the test hosts of earlier classes, whose
    // background work moves it by ±150 MB on a 3.5 GB heap (seen in a full run), so the bound is 300 MB over 9,000
    // requests: 33 KB left behind per request, a cache keyed by what a client sends, a leaked body or context, passes it.
    const long MemoryBound = 300L * 1024 * 1024;
    const int Chunk = 1000;

    static readonly string[] TraceMarkers = ["   at ", "Exception", "/src/", ".cs:line"];

    protected override Dictionary<string, string?> Settings => new()
    {
        // Every request reaches its handler instead of a 429.
        ["RateLimiting:Enabled"] = "false",
        // No Chromium per printed receipt: the fuzz reaches the printer's caller, the PDF tests the printer itself.
        ["Pdf:Chromium"] = "/nonexistent/chromium",
        // Malformed input is logged as warnings by the framework, ten thousand times; failures stay visible as errors.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        ["Logging:LogLevel:Default"] = "Error",
    };

    [Fact]
    public async Task Malformed_requests_on_every_route_get_no_server_error_nor_a_trace_and_the_site_stays_up()
    {
        var scene = await FuzzScene.SetAsync(App);
        var stampBefore = await StaffStampAsync();
        var routes = await ReadRoutesAsync();
        var requests = new FuzzRequests(routes, scene);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var only = Environment.GetEnvironmentVariable("FUZZ_ONLY");
        var indices = string.IsNullOrEmpty(only) ? Enumerable.Range(0, Requests).ToList() : only.Split(',').Select(int.Parse).ToList();

        using var client = new HttpClient(App.Server.CreateHandler()) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromMinutes(2) };
        var memory = new List<long> { GC.GetTotalMemory(forceFullCollection: true) };
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new ConcurrentBag<(int Index, string Failure)>();
        var statuses = new ConcurrentDictionary<int, int>();
        var reached = new ConcurrentDictionary<string, int>();
        foreach (var chunk in indices.Chunk(Chunk))
        {
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (index, ct) =>
            {
                var request = requests.Create(seed, index);
                reached.AddOrUpdate(request.Route.ToString(), 1, (_, n) => n + 1);
                var (status, failure) = await SendAsync(App.Server, request, ct);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (failure is not null)
                    failures.Add((index, $"{failure}\n{request}"));
            });
            memory.Add(GC.GetTotalMemory(forceFullCollection: true));
        }
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var warm = memory[Math.Min(1, memory.Count - 1)];
        var memoryAfter = memory.TakeLast(3).Min();
        output.WriteLine($"{indices.Count} requests over {routes.Count} routes in {elapsed.TotalSeconds:F0} s ({cpu.TotalSeconds:F0} s of processor), "
            + $"seed {seed}; managed memory every {Chunk} requests: {string.Join(" → ", memory.Select(m => m / 1048576))} MB.");
        output.WriteLine("Statuses: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));

        var first = failures.OrderBy(f => f.Index).Take(10).ToList();
        // What the site logged as errors says why, when a failure does not come back on replay.
        var errors = App.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Take(5)
            .Select(e => $"{e.Category}: {e.Message}\n{e.Exception}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {indices.Count} requests failed (seed {seed}). Replay with "
            + $"FUZZ_SEED={seed} FUZZ_ONLY={string.Join(",", first.Select(f => f.Index))}:\n\n" + string.Join("\n", first.Select(f => f.Failure))
            + "\n\nErrors the site logged:\n" + string.Join("\n\n", errors));
        if (string.IsNullOrEmpty(only))
        {
            // A route added to the application is fuzzed without a line here: the table is read, not listed.
            var missed = routes.Select(r => r.ToString()).Where(r => !reached.ContainsKey(r)).ToList();
            Assert.True(missed.Count == 0, "Routes no request reached: " + string.Join(", ", missed));
        }
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // The member of staff stays signed in unless a request of the run legitimately renewed their security stamp (a new
        // authenticator key, for instance, posted with a valid token): then the session must have ended, as it does for
        // a person. A session that ends for any other reason fails.
        using var inbox = new HttpRequestMessage(HttpMethod.Get, "/staff");
        inbox.Headers.Add("Cookie", scene.Identity("staff").Cookies);
        using var signedIn = await client.SendAsync(inbox);
        var stampAfter = await StaffStampAsync();
        output.WriteLine($"The staff session answers {(int)signedIn.StatusCode} on /staff after the run; security stamp {(stampAfter == stampBefore ? "unchanged" : "renewed")}.");
        Assert.True(stampAfter == stampBefore ? signedIn.StatusCode == HttpStatusCode.OK : signedIn.StatusCode == HttpStatusCode.Redirect,
            $"The staff session answered {(int)signedIn.StatusCode} with its security stamp {(stampAfter == stampBefore ? "unchanged" : "renewed")}.");
        Assert.True(memoryAfter - warm < MemoryBound,
            $"Managed memory grew by {(memoryAfter - warm) / 1048576} MB after the first {Chunk} requests (bound {MemoryBound / 1048576} MB): "
            + string.Join(" → ", memory.Select(m => m / 1048576)));
    }

    // The fuzzing member of staff is the platform administrator of the test database.
    Task<string?> StaffStampAsync() =>
        App.WithDbAsync(db => db.Users.Where(u => u.Email == TestDatabase.AdminEmail).Select(u => u.SecurityStamp).SingleAsync());

    async Task<IReadOnlyList<FuzzRoute>> ReadRoutesAsync()
    {
        using var client = App.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var routes = await FuzzRoutes.ReadAsync(App.Services, document.RootElement.Clone());
        // The table as read must hold what is known to be there, or the fuzz would quietly try less.
        Assert.Contains(routes, r => r.IsPage && r.Method == "POST" && r.Template == "/{commune}/file" && r.Fields.Any(f => f.Kind == FieldKind.File));
        Assert.Contains(routes, r => r.IsPage && r.Handler == "Pdf");
        Assert.Contains(routes, r => r.Method == "PATCH" && r.Body == BodyKind.Json && r.Fields.Count > 0);
        Assert.Contains(routes, r => r.Template == "/open311/v2/requests.{fmt}" && r.Method == "POST" && r.Body == BodyKind.Form);
        return routes;
    }

    // The status, and what was wrong with the answer if anything: a 5xx, a trace, no answer at all.
    static async Task<(int Status, string? Failure)> SendAsync(TestServer server, FuzzRequest request, CancellationToken ct)
    {
        if (!request.ReachesApplication)
            return (400, null);
        HttpContext context;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            context = await server.SendAsync(request.WriteTo, timeout.Token);
        }
        catch (Exception e)
        {
            // What escaped the application after its answer had begun, or no answer at all.
            return (0, $"No answer: {e.GetType().Name}: {e.Message}");
        }
        var status = context.Response.StatusCode;
        var body = await BodyAsync(context.Response, ct);
        if (status >= 500)
            return (status, $"Answered {status}: {FuzzRequest.Cut(body, 1500)}");
        foreach (var marker in TraceMarkers)
        {
            var at = body.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                return (status, $"Answered {status} with '{marker}' in its body: …{FuzzRequest.Cut(body[Math.Max(0, at - 300)..Math.Min(body.Length, at + 700)], 1200)}");
        }
        return (status, null);
    }

    static async Task<string> BodyAsync(HttpResponse response, CancellationToken ct)
    {
        var body = response.Body;
        Stream plain = response.Headers.ContentEncoding.LastOrDefault() switch
        {
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            _ => body,
        };
        await using (plain)
        using (var reader = new StreamReader(plain, Encoding.UTF8))
            return await reader.ReadToEndAsync(ct);
    }

    public sealed class OnSqlite(ITestOutputHelper output) : FuzzTests(DatabaseKind.Sqlite, output);
    public sealed class OnPostgres(ITestOutputHelper output) : FuzzTests(DatabaseKind.Postgres, output);
}
