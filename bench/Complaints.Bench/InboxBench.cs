using System.Diagnostics;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// Staff inbox speed on one commune with many complaints (issue: "fast on 100,000 complaints in a commune").
// dotnet run -c Release --project bench/Complaints.Bench -- [postgres|sqlite] [complaints]
static class InboxBench
{
    static async Task<int> Main(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var complaints = args.Length > 1 ? int.Parse(args[1]) : 100_000;

        string connection;
        if (provider == "postgres")
        {
            var server = PostgresServer.Instance;
            await server.CreateDatabaseAsync("bench");
            connection = server.ConnectionString("bench");
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"complaints-bench-{Guid.NewGuid():N}.db");
            connection = $"Data Source={file}";
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(root.FullName, "src", "Complaints.Web")))
            root = root.Parent ?? throw new InvalidOperationException("Run the benchmark from the repository.");
        await using var app = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(Path.Combine(root.FullName, "src", "Complaints.Web"));
            b.UseSetting("Database:Provider", provider == "postgres" ? "Postgres" : "Sqlite");
            b.UseSetting(provider == "postgres" ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite", connection);
            b.UseSetting("Bootstrap:AdminPassword", "Bench-Passw0rd!");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        var services = app.Services;
        Console.WriteLine($"Generating {complaints} complaints in sefrou on {provider}...");
        await VolumeGenerator.RunAsync(services, ["generate", "--commune", "sefrou", "--complaints", complaints.ToString(), "--years", "3"]);

        int sefrou, roads;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            sefrou = await db.Communes.Where(c => c.Code == "sefrou").Select(c => c.Id).SingleAsync();
            roads = await db.Services.Where(s => s.CommuneId == sefrou && s.Code == "voirie").Select(s => s.Id).SingleAsync();
        }
        var cell = new StaffScope("bench", "cell@bench", Roles.ComplaintsCell, sefrou, null);
        var agent = new StaffScope("bench", "agent@bench", Roles.ServiceAgent, sefrou, roads);

        var scenarios = new (string Name, StaffScope Scope, InboxFilter Filter)[]
        {
            ("cell: all, soonest deadline first", cell, new InboxFilter()),
            ("cell: new (received)", cell, new InboxFilter { Status = "received" }),
            ("cell: with services", cell, new InboxFilter { Status = "assigned,in_progress,reopened" }),
            ("cell: late", cell, new InboxFilter { Overdue = true }),
            ("cell: search a surname", cell, new InboxFilter { Q = "Test4242" }),
            ("cell: search a word", cell, new InboxFilter { Q = "pharmacie" }),
            ("cell: page 200, newest first", cell, new InboxFilter { Sort = InboxSort.FiledDesc, Page = 200 }),
            ("service agent: own open complaints", agent, new InboxFilter { Status = "assigned,in_progress,reopened" }),
        };

        Console.WriteLine();
        Console.WriteLine("| scenario | rows | median ms | p95 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, scope, filter) in scenarios)
        {
            var times = new List<double>();
            var total = 0;
            for (var i = 0; i < 33; i++)
            {
                using var s = services.CreateScope();
                var inbox = s.ServiceProvider.GetRequiredService<Inbox>();
                var watch = Stopwatch.StartNew();
                var (page, _) = await inbox.ListAsync(scope, filter, CancellationToken.None);
                watch.Stop();
                total = page!.Total;
                if (i >= 3)
                    times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"| {name} | {total} | {times[times.Count / 2]:F1} | {times[(int)(times.Count * 0.95)]:F1} |");
        }

        {
            var times = new List<double>();
            for (var i = 0; i < 33; i++)
            {
                using var s = services.CreateScope();
                var actions = s.ServiceProvider.GetRequiredService<ComplaintActions>();
                var watch = Stopwatch.StartNew();
                var found = await actions.FindAsync(cell, $"SEF-2025-{1 + i * 37:D6}", CancellationToken.None);
                watch.Stop();
                if (i >= 3)
                    times.Add(watch.Elapsed.TotalMilliseconds);
                if (found is null)
                    throw new InvalidOperationException("A generated complaint is missing.");
            }
            times.Sort();
            Console.WriteLine($"| complaint screen: one complaint with its timeline | 1 | {times[times.Count / 2]:F1} | {times[(int)(times.Count * 0.95)]:F1} |");
        }
        return 0;
    }
}
