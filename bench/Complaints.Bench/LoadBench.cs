using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Complaints.Bench;

// Filing and reading under wrk (32 connections), as an integrator (Open311) and as a citizen (the web form, the
// tracking page) reach them, beside two ceilings answered by the same instance in the same run: /health/live (the
// HTTP stack alone) and a raw insert and select (the HTTP stack and the database, without the app). Filing writes
// real complaints; the run ends by counting them: every acknowledged filing is there, under a reference of its own.
static partial class LoadBench
{
    const string Key = "bench-open311-key-0123456789abcdef";
    const string Description = "Un lampadaire éteint depuis une semaine devant l'école.";
    const string Address = "Avenue Hassan II, Sefrou";

    // A server that has run for a while has its hot paths recompiled with dynamic PGO and collects with the server
    // GC; the project turns tiering off for the timed queries of the other benchmarks, which here would halve even
    // /health/live. So the load benchmark runs itself again as production runs the app, unless it already does.
    public static Task<int>? AsServerAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "1")
            return null;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { Environment = { ["DOTNET_TieredCompilation"] = "1", ["DOTNET_gcServer"] = "1" } };
        if (!Environment.ProcessPath!.EndsWith("Complaints.Bench", StringComparison.Ordinal))
            start.ArgumentList.Add(typeof(LoadBench).Assembly.Location);
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        return Task.Run(async () =>
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        });
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        // only: one scenario by name after the ceiling (raw, open311, form, read, track, open, home), e.g. for a profiler.
        only = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        allocations = args.Contains("--allocations") ? new Allocations() : null;
        Console.WriteLine(Machine());
        await using var app = await BenchHost.StartAsync(provider, settings: new Dictionary<string, string> { ["Bootstrap:ApiKey"] = Key }, onPort: true,
            configure: b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, RawEndpoints>()));
        var address = BenchHost.AddressOf(app);
        var before = await CountAsync(app);

        // What each scenario sends, checked once here before wrk repeats it.
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var services = await client.GetFromJsonAsync<JsonElement>("/open311/v2/services.json?jurisdiction_id=sefrou");
        var serviceCode = services[0].GetProperty("service_code").GetString()!;
        var open311 = $"api_key={Key}&jurisdiction_id=sefrou&service_code={Uri.EscapeDataString(serviceCode)}"
            + $"&description={Uri.EscapeDataString(Description)}&address_string={Uri.EscapeDataString(Address)}";
        var filed = await client.PostAsync("/open311/v2/requests.json", new StringContent(open311, Encoding.UTF8, "application/x-www-form-urlencoded"));
        filed.EnsureSuccessStatusCode();
        var reference = (await filed.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
        var citizen = await CitizenAsync(address, serviceCode);
        Expect(await client.GetAsync($"/bench/raw/select?reference={reference}"), HttpStatusCode.OK, "the raw select");
        Expect(await client.PostAsync("/bench/raw/insert", null), HttpStatusCode.OK, "the raw insert");

        var form = new Dictionary<string, string> { ["Content-Type"] = citizen.FormType, ["Cookie"] = citizen.Antiforgery };
        var scripts = new
        {
            Raw = Wrk.Script("POST", null, new Dictionary<string, string>(), 200),
            Open311 = Wrk.Script("POST", open311, new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, 200),
            WebForm = Wrk.Script("POST", citizen.Filing, form, 302, "/receipt/"),
            Open = Wrk.Script("POST", citizen.Opening, new Dictionary<string, string>
            {
                ["Content-Type"] = "application/x-www-form-urlencoded",
                ["Cookie"] = citizen.Antiforgery,
            }, 302, $"/track/{citizen.Reference}"),
            // Granted, the page shows the complaint under its reference; refused, it shows the form again (a 200 too).
            // The browser that opened it sends its antiforgery cookie too, as it got it with the form it posted.
            Track = Wrk.Script("GET", null, new Dictionary<string, string> { ["Cookie"] = $"{citizen.Antiforgery}; {citizen.Granted}" }, 200,
                "class=\"reference\""),
        };

        Console.WriteLine($"wrk, 32 connections, 2 threads, {seconds} s per run, {provider}, request limits off. CPU: milliseconds per answered "
            + "request, of the app's process (wrk runs apart) and of the database server's (PostgreSQL only).");
        Console.WriteLine();
        Console.WriteLine("| what | requests/s | share of /health/live | share of its raw ceiling | median ms | p99 ms | app CPU ms | db CPU ms | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var live = await RunAsync("live", "GET /health/live (ceiling)", address + "/health/live", seconds, null, null);
        var insert = await RunAsync("raw", "raw INSERT of a filing's row (ceiling for filing)", address + "/bench/raw/insert", seconds, live, null, "-s", scripts.Raw);
        var select = await RunAsync("raw", "raw SELECT of one complaint by reference (ceiling for reading)", $"{address}/bench/raw/select?reference={reference}",
            seconds, live, null);
        var byOpen311 = await RunAsync("open311", "filing: POST /open311/v2/requests.json", address + "/open311/v2/requests.json", seconds, live, insert, "-s", scripts.Open311);
        var byForm = await RunAsync("form", "filing: POST /sefrou/file (web form)", address + "/sefrou/file", seconds, live, insert, "-s", scripts.WebForm);
        await RunAsync("read", "reading: GET /open311/v2/requests/{id}.json", $"{address}/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou", seconds, live, select);
        await RunAsync("track", "reading: GET /track/{reference} (tracking page, opened)", $"{address}/track/{citizen.Reference}", seconds, live, select, "-s", scripts.Track);
        await RunAsync("open", "opening: POST /track (reference + access code)", address + "/track", seconds, live, select, "-s", scripts.Open);
        await RunAsync("home", "GET / (home page)", address + "/", seconds, live, null);
        foreach (var script in new[] { scripts.Raw, scripts.Open311, scripts.WebForm, scripts.Open, scripts.Track })
            File.Delete(script);

        // The filings checked before wrk (one by Open311, one by the form) are acknowledged too.
        var acknowledged = (byOpen311?.Acknowledged ?? 0) + (byForm?.Acknowledged ?? 0) + 2;
        var (count, distinct) = await CountAsync(app);
        var present = count - before.Count;
        var whole = present >= acknowledged && count == distinct;
        Console.WriteLine();
        Console.WriteLine($"Filings acknowledged: {acknowledged} ({byOpen311?.Acknowledged ?? 0} by Open311, {byForm?.Acknowledged ?? 0} by the form, 2 before); "
            + $"complaints filed: {present}, {distinct - before.Distinct} distinct references "
            + $"({(whole ? "none missing, no duplicate" : "MISSING OR DUPLICATED")}; more filed than acknowledged: answers wrk stopped waiting for).");
        Console.WriteLine($"Load average at the end: {LoadAverage()}.");
        return whole ? 0 : 1;
    }

    static string? only;
    static Allocations? allocations;

    // One wrk run and its row: the rate as a share of the ceilings, and the CPU each answered request cost.
    static async Task<Wrk.Result?> RunAsync(string name, string what, string url, int seconds, Wrk.Result? live, Wrk.Result? raw, params string[] arguments)
    {
        if (only is not null && name != only && name != "live")
            return null;
        // Unmeasured first: the JIT's later tiers and the pools settle as in a server that has been running.
        await Wrk.RunAsync(url, Math.Max(3, seconds / 3), arguments);
        var process = Process.GetCurrentProcess();
        var appBefore = process.TotalProcessorTime;
        var dbBefore = BenchHost.DbCpuMs();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        allocations?.Start();
        var r = await Wrk.RunAsync(url, seconds, arguments);
        process.Refresh();
        var requests = r.Rate * seconds;
        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / requests;
        var byType = allocations?.Stop(requests).ToList();
        var appCpu = (process.TotalProcessorTime - appBefore).TotalMilliseconds / requests;
        var dbCpu = (BenchHost.DbCpuMs() - dbBefore) / requests;
        Console.WriteLine($"| {what} | {r.Rate:N0} | {Share(r, live ?? r)} | {(raw is null ? "" : Share(r, raw))} | {r.Median:F2} | {r.P99:F2} | "
            + $"{appCpu:F2} | {(double.IsNaN(dbCpu) ? "–" : dbCpu.ToString("F2", CultureInfo.InvariantCulture))} | {r.Errors}{(r.Timeouts > 0 ? $" ({r.Timeouts} slower than 2 s)" : "")} |");
        if (byType is not null)
        {
            Console.WriteLine($"  allocated: {allocated / 1024:F1} kB per request; sampled by type:");
            foreach (var (type, perRequest) in byType)
                Console.WriteLine($"    {perRequest / 1024,7:F1} kB  {type}");
        }
        return r;
    }

    static string Share(Wrk.Result r, Wrk.Result of) => $"{r.Rate / of.Rate * 100:F1} %";

    // What a citizen's browser holds and sends: the antiforgery cookie and token from the form it was shown, the
    // form filled in as it posts it (multipart, since the form takes photos), and, once reference and access code
    // were typed on /track, the cookie that opens the complaint's page.
    sealed record Citizen(string Antiforgery, string FormType, string Filing, string Opening, string Reference, string Granted);

    static async Task<Citizen> CitizenAsync(string address, string category)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        var page = await (await browser.GetAsync("/sefrou/file")).Content.ReadAsStringAsync();
        var token = Token().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in the form.");
        var antiforgery = cookies.GetCookieHeader(new Uri(address));

        const string boundary = "----complaints-bench-form";
        var filing = new StringBuilder();
        foreach (var (name, value) in new[]
        {
            ("__RequestVerificationToken", token), ("Input.Kind", "Complaint"), ("Input.Category", category), ("Input.Description", Description),
            ("Input.District", ""), ("Input.Address", Address), ("Input.Latitude", ""), ("Input.Longitude", ""), ("Input.FirstName", "Amina"),
            ("Input.LastName", "Bennani"), ("Input.Email", "amina.bennani@example.test"), ("Input.Phone", ""), ("Input.ConsentToPublish", "false"),
        })
            filing.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        // No photo chosen: the browser still sends the file field, empty.
        filing.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n");
        var formType = $"multipart/form-data; boundary={boundary}";
        var content = new StringContent(filing.ToString(), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(formType);
        var filed = await browser.PostAsync("/sefrou/file", content);
        Expect(filed, HttpStatusCode.Redirect, "the web form's filing");
        var receipt = await (await browser.GetAsync(filed.Headers.Location)).Content.ReadAsStringAsync();
        var reference = filed.Headers.Location!.OriginalString.Split('/').Last();
        var code = Code().Match(receipt) is { Success: true } c ? c.Groups[1].Value : throw new InvalidOperationException("No access code on the receipt.");

        // A citizen on another device: reference and code typed on /track, then the page that cookie opens.
        var opening = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Reference={reference}&Code={Uri.EscapeDataString(code)}";
        using var other = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using var open = new HttpRequestMessage(HttpMethod.Post, "/track")
        {
            Content = new StringContent(opening, Encoding.UTF8, "application/x-www-form-urlencoded"),
            Headers = { { "Cookie", antiforgery } },
        };
        var opened = await other.SendAsync(open);
        Expect(opened, HttpStatusCode.Redirect, "opening a complaint with its reference and access code");
        var granted = string.Join("; ", opened.Headers.GetValues("Set-Cookie").Select(h => h.Split(';')[0]));
        using var track = new HttpRequestMessage(HttpMethod.Get, $"/track/{reference}") { Headers = { { "Cookie", granted } } };
        if (!(await (await other.SendAsync(track)).Content.ReadAsStringAsync()).Contains("class=\"reference\"", StringComparison.Ordinal))
            throw new InvalidOperationException("The tracking page did not open with the citizen's cookie.");
        return new Citizen(antiforgery, formType, filing.ToString(), opening, reference, granted);
    }

    static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, not {(int)status}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Code\" value=\"([^\"]+)\"")]
    private static partial Regex Code();

    // The machine the numbers were taken on: on a shared one they mean little without its load.
    static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({model}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GB, "
            + $"load average {LoadAverage()} (1, 5, 15 min).";
    }

    static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    sealed record Counts(long Count, long Distinct);

    static async Task<(int Count, int Distinct)> CountAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<global::Program> app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // One statement: filings wrk stopped waiting for may still be landing, and two counts would straddle them.
        var counts = await db.Database.SqlQueryRaw<Counts>("""SELECT COUNT(*) AS "Count", COUNT(DISTINCT "Reference") AS "Distinct" FROM "Complaints" """).SingleAsync();
        return ((int)counts.Count, (int)counts.Distinct);
    }

    // The ceiling for filing and reading: one INSERT of a row shaped like a filing, one SELECT of a complaint by its
    // reference, through a pooled data source on the app's own database and answered by the same host, ahead of
    // the app's middleware. Mapped here only, never in the product.
    sealed class RawEndpoints(IConfiguration configuration) : IStartupFilter
    {
        const string Table = """
            CREATE TABLE IF NOT EXISTS bench_filings (
                id {0}, reference text NOT NULL UNIQUE, commune_id integer NOT NULL, category_id integer NOT NULL, status text NOT NULL,
                channel text NOT NULL, description text NOT NULL, address text, first_name text, last_name text, email text,
                access_code_hash text NOT NULL, filed_at {1} NOT NULL, response_due_on date NOT NULL, version integer NOT NULL)
            """;

        const string Insert = """
            INSERT INTO bench_filings (reference, commune_id, category_id, status, channel, description, address, first_name, last_name, email,
                access_code_hash, filed_at, response_due_on, version)
            VALUES (@reference, 1, 1, 'received', 'web', @description, @address, 'Amina', 'Bennani', 'amina.bennani@example.test',
                'v1.100000.c2FsdHNhbHRzYWx0c2FsdA==.aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=', @filedAt, @dueOn, 1)
            """;

        const string Select = """
            SELECT "Reference", "Status", "Description", "Address", "FiledAt", "ResponseDueOn" FROM "Complaints" WHERE "Reference" = @reference
            """;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (configuration["Database:Provider"] == "Postgres")
            {
                var source = NpgsqlDataSource.Create(configuration.GetConnectionString("Postgres")!);
                using (var create = source.CreateCommand(string.Format(CultureInfo.InvariantCulture, Table, "bigserial PRIMARY KEY", "timestamptz")))
                    create.ExecuteNonQuery();
                app.Map("/bench/raw/insert", a => a.Run(async http =>
                {
                    await using var command = source.CreateCommand(Insert);
                    AddFiling(command.Parameters);
                    await command.ExecuteNonQueryAsync(http.RequestAborted);
                    await http.Response.WriteAsJsonAsync(new { filed = true });
                }));
                app.Map("/bench/raw/select", a => a.Run(async http =>
                {
                    await using var command = source.CreateCommand(Select);
                    command.Parameters.AddWithValue("reference", http.Request.Query["reference"].ToString());
                    await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
                    await Answer(http, reader);
                }));
            }
            else
            {
                var connection = configuration.GetConnectionString("Sqlite")!;
                using (var db = Open(connection))
                using (var create = db.CreateCommand())
                {
                    create.CommandText = string.Format(CultureInfo.InvariantCulture, Table, "INTEGER PRIMARY KEY AUTOINCREMENT", "text");
                    create.ExecuteNonQuery();
                }
                app.Map("/bench/raw/insert", a => a.Run(async http =>
                {
                    await using var db = Open(connection);
                    await using var command = db.CreateCommand();
                    command.CommandText = Insert;
                    AddFiling(command.Parameters);
                    await command.ExecuteNonQueryAsync(http.RequestAborted);
                    await http.Response.WriteAsJsonAsync(new { filed = true });
                }));
                app.Map("/bench/raw/select", a => a.Run(async http =>
                {
                    await using var db = Open(connection);
                    await using var command = db.CreateCommand();
                    command.CommandText = Select;
                    command.Parameters.AddWithValue("@reference", http.Request.Query["reference"].ToString());
                    await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
                    await Answer(http, reader);
                }));
            }
            next(app);
        };

        // The app's own connections wait up to 30 s for SQLite's single writer (Hosting/DatabaseSetup.cs); so do these.
        static SqliteConnection Open(string connection)
        {
            var db = new SqliteConnection(connection);
            db.Open();
            using var pragma = db.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000;";
            pragma.ExecuteNonQuery();
            return db;
        }

        static void AddFiling(System.Data.Common.DbParameterCollection parameters)
        {
            var now = DateTime.UtcNow;
            foreach (var (name, value) in new (string, object)[]
            {
                ("reference", Guid.NewGuid().ToString("N")), ("description", Description), ("address", Address),
                ("filedAt", now), ("dueOn", DateOnly.FromDateTime(now).AddDays(60)),
            })
                parameters.Add(parameters is NpgsqlParameterCollection ? new NpgsqlParameter(name, value) : new SqliteParameter("@" + name, value));
        }

        static async Task Answer(HttpContext http, System.Data.Common.DbDataReader reader)
        {
            if (!await reader.ReadAsync(http.RequestAborted))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await http.Response.WriteAsJsonAsync(new
            {
                reference = reader.GetString(0),
                status = reader.GetValue(1).ToString(),
                description = reader.GetString(2),
                address = reader.IsDBNull(3) ? null : reader.GetString(3),
                filedAt = reader.GetValue(4),
                dueOn = reader.GetValue(5),
            });
        }
    }
}
