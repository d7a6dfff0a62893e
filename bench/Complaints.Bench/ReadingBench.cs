using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// Reading one complaint under wrk (32 connections) beside /health/live in the same run: through Open311, on the
// citizen's tracking page opened with the cookie the access code gave, and the access code check itself (the form
// posted with reference and code, answered by a redirect). Beside each rate, the app's CPU time per request (this
// process: wrk runs outside it) and the machine's load average, which on a shared machine say more than the rate.
static partial class ReadingBench
{
    const string Key = "bench-open311-key-0123456789abcdef";
    const string Code = "BENCH234";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        // only: one scenario by name (health, open311, track, code), e.g. for a profiler attached meanwhile.
        var only = args.Length > 2 ? args[2] : null;
        await using var app = await BenchHost.StartAsync(provider, settings: new Dictionary<string, string> { ["Bootstrap:ApiKey"] = Key }, onPort: true);
        var address = BenchHost.AddressOf(app);
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };

        // One complaint, filed as an integrator would, with a description and address the citizen agreed to publish.
        var services = await client.GetFromJsonAsync<JsonElement>("/open311/v2/services.json?jurisdiction_id=sefrou");
        var body = $"api_key={Key}&jurisdiction_id=sefrou&service_code={Uri.EscapeDataString(services[0].GetProperty("service_code").GetString()!)}"
            + "&description=" + Uri.EscapeDataString("Un lampadaire éteint depuis une semaine devant l'école.")
            + "&address_string=" + Uri.EscapeDataString("Avenue Hassan II, Sefrou");
        var filed = await client.PostAsync("/open311/v2/requests.json", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        filed.EnsureSuccessStatusCode();
        var reference = (await filed.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
        // The code went to the integrator's citizen; here it is set to one the bench knows.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var hash = app.Services.GetRequiredService<AccessCodeKey>().Hash(Code);
            await db.Complaints.Where(c => c.Reference == reference).ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessCodeHash, hash));
        }

        // The tracking form, as a browser posts it: its antiforgery cookie and token, then the citizen's cookie it gives.
        var form = await client.GetStringAsync("/track");
        var token = Token().Match(form).Groups[1].Value;
        var posted = await client.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reference"] = reference, ["Code"] = Code, ["__RequestVerificationToken"] = token,
        }));
        if (posted.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The tracking form answered {(int)posted.StatusCode}, not a redirect.");
        var cookies = string.Join("; ", handler.CookieContainer.GetCookies(new Uri(address)).Select(c => $"{c.Name}={c.Value}"));
        var page = await client.GetAsync($"/track/{reference}");
        if (!(await page.Content.ReadAsStringAsync()).Contains("lampadaire", StringComparison.Ordinal))
            throw new InvalidOperationException("The tracking page did not show the complaint.");
        var script = Path.Combine(Path.GetTempPath(), $"complaints-code-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, "wrk.method = \"POST\"\n"
            + $"wrk.body = \"Reference={reference}&Code={Code}&__RequestVerificationToken={Uri.EscapeDataString(token)}\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
            + $"wrk.headers[\"Cookie\"] = \"{cookies}\"\n");

        Console.WriteLine($"wrk, 32 connections, 2 threads, {seconds} s per run, {provider}, request limits off, complaint {reference}.");
        Console.WriteLine();
        Console.WriteLine("| what | requests/s | share of /health/live | median ms | p99 ms | errors | app CPU µs/request | load average |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var scenarios = new (string Name, string Label, string Url, string[] Arguments)[]
        {
            ("health", "GET /health/live (ceiling)", address + "/health/live", []),
            ("open311", "GET /open311/v2/requests/{id}.json", $"{address}/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou", []),
            ("track", "GET /track/{reference} (tracking page, cookie)", $"{address}/track/{reference}", ["-H", $"Cookie: {cookies}"]),
            ("code", "POST /track (reference and access code)", $"{address}/track", ["-s", script]),
        };
        Wrk.Result? ceiling = null;
        foreach (var (name, label, url, arguments) in scenarios)
        {
            if (only is not null && name != only && name != "health")
                continue;
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var result = await Wrk.RunAsync(url, seconds, arguments);
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            ceiling ??= result;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Console.WriteLine($"| {label} | {result.Rate:F0} | {result.Rate / ceiling.Rate * 100:F1} % | {result.Median:F2} | {result.P99:F2} | "
                + $"{result.Errors} | {cpu.TotalMilliseconds * 1000 / (result.Rate * seconds):F0} | {load} |");
        }
        File.Delete(script);

        // The access code's check alone, as the form's POST makes it: what of that request is the hash.
        var codes = app.Services.GetRequiredService<AccessCodeKey>();
        var stored = codes.Hash(Code);
        var watch = Process.GetCurrentProcess();
        var before = watch.TotalProcessorTime;
        for (var i = 0; i < 200; i++)
            codes.Verify(Code, stored);
        watch.Refresh();
        Console.WriteLine();
        Console.WriteLine($"The access code check alone (AccessCodeKey.Verify): {(watch.TotalProcessorTime - before).TotalMilliseconds * 1000 / 200:F0} µs of CPU each.");
        return 0;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
