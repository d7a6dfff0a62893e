using System.Diagnostics;
using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// The real application on a throwaway database (a PostgreSQL server started from the installed binaries, or a
// SQLite file), and the timing every benchmark uses: 3 warm-ups, then 30 runs, median and p95 of the wall time,
// and the CPU time the app and the database server spent per run (averaged).
static class BenchHost
{
    // existing: the connection string of a database filled before (the timings again without generating anew).
    // onPort: Kestrel on a loopback port instead of the in-memory server, for a load generator outside the process.
    // configure: what a benchmark adds to the host (endpoints of its own), after the settings.
    public static async Task<WebApplicationFactory<global::Program>> StartAsync(string provider, string? existing = null,
        IReadOnlyDictionary<string, string>? settings = null, bool onPort = false, Action<IWebHostBuilder>? configure = null)
    {
        string connection;
        if (existing is not null)
            connection = existing;
        else if (provider == "postgres")
        {
            var server = PostgresServer.Instance;
            await server.CreateDatabaseAsync("bench");
            connection = server.ConnectionString("bench");
            Console.WriteLine($"PostgreSQL on port {server.Port} (psql -h 127.0.0.1 -p {server.Port} -U postgres bench)");
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"complaints-bench-{Guid.NewGuid():N}.db");
            connection = $"Data Source={file}";
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(root.FullName, "src", "Complaints.Web")))
            root = root.Parent ?? throw new InvalidOperationException("Run the benchmark from the repository.");
        var app = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(Path.Combine(root.FullName, "src", "Complaints.Web"));
            // As a deployed instance behaves (no developer exception page, no development file provider), with the
            // data-protection keys allowed unencrypted at rest: Testing, not Development (the factory's default).
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", provider == "postgres" ? "Postgres" : "Sqlite");
            b.UseSetting(provider == "postgres" ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite", connection);
            b.UseSetting("Bootstrap:AdminPassword", "Amber-harbour-lantern!");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            // Only the timed code runs: no deadline pass, no mail sending, no rate limit on the repeated requests.
            b.UseSetting("Notifications:Watch", "false");
            b.UseSetting("Outbox:Worker", "false");
            b.UseSetting("PersonalData:Worker", "false");
            b.UseSetting("RateLimiting:Enabled", "false");
            // The program listens on 5080 unless told otherwise; two instances need a free port each.
            if (onPort)
                b.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                b.UseSetting(key, value);
            configure?.Invoke(b);
        });
        if (onPort)
        {
            app.UseKestrel(0);
            app.StartServer();
        }
        else
            _ = app.Server;
        if (provider == "postgres")
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var dataDirectory = await db.Database.SqlQueryRaw<string>("SELECT setting AS \"Value\" FROM pg_settings WHERE name = 'data_directory'").SingleAsync();
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            if (File.Exists(pidFile))
                postmaster = int.Parse(File.ReadLines(pidFile).First());
        }
        return app;
    }

    // Where an instance started on a port listens, for wrk.
    public static string AddressOf(WebApplicationFactory<global::Program> app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

    // The database server's processes, to count the CPU time it spends on a scenario: on a machine others
    // share, wall times grow with their load, CPU times much less.
    static int? postmaster;

    public static double DbCpuMs()
    {
        if (postmaster is not { } parent)
            return double.NaN;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the name: state, ppid, ... utime (14th field of the line) and stime (15th).
                if (int.Parse(fields[1]) == parent)
                    ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // A process that ended meanwhile, or not a process folder.
            }
        }
        return ticks * 10.0;
    }

    // A browser signed in as a new member of staff, through the app's own SignInManager (as the tests' StaffBrowser).
    public static async Task<HttpClient> StaffBrowserAsync(WebApplicationFactory<global::Program> app, string role, int communeId)
    {
        var cookies = new CookieContainer();
        var baseAddress = new Uri("http://localhost");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var email = $"bench.{Guid.NewGuid():N}@example.test";
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, CommuneId = communeId };
            var created = await users.CreateAsync(user, "Amber-harbour-lantern!");
            if (!created.Succeeded)
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<StaffUser>>();
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Scheme = baseAddress.Scheme;
            http.Request.Host = new HostString(baseAddress.Host);
            signIn.Context = http;
            await signIn.SignInAsync(user, isPersistent: false);
            foreach (var header in http.Response.Headers.SetCookie)
                cookies.SetCookies(baseAddress, header!);
        }
        return app.CreateDefaultClient(baseAddress, new CookieContainerHandler(cookies));
    }

    public static void Header()
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | rows | median ms | p95 ms | app CPU ms | db CPU ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    }

    // run returns the number of rows the scenario covers (shown beside the times).
    public static async Task TimeAsync(string name, Func<Task<int>> run)
    {
        var times = new List<double>();
        var rows = 0;
        var process = Process.GetCurrentProcess();
        TimeSpan appCpu = default;
        double dbCpu = 0;
        for (var i = 0; i < 33; i++)
        {
            process.Refresh();
            var appBefore = process.TotalProcessorTime;
            var dbBefore = DbCpuMs();
            var watch = Stopwatch.StartNew();
            rows = await run();
            watch.Stop();
            process.Refresh();
            if (i < 3)
                continue;
            times.Add(watch.Elapsed.TotalMilliseconds);
            appCpu += process.TotalProcessorTime - appBefore;
            dbCpu += DbCpuMs() - dbBefore;
        }
        times.Sort();
        Console.WriteLine($"| {name} | {rows} | {times[times.Count / 2]:F1} | {times[(int)(times.Count * 0.95)]:F1} | "
            + $"{appCpu.TotalMilliseconds / times.Count:F0} | {(double.IsNaN(dbCpu) ? "–" : (dbCpu / times.Count).ToString("F0"))} |");
    }
}
