using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// Filing and reading through Open311 under wrk (32 connections), beside the cheapest answer the same instance gives
// (/health/live) in the same run, as the ceiling the targets are ratios of. Filing writes real complaints; the run
// ends by counting them: every acknowledged filing is there, under a reference of its own.
static class LoadBench
{
    const string Key = "bench-open311-key-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        await using var app = await BenchHost.StartAsync(provider, settings: new Dictionary<string, string> { ["Bootstrap:ApiKey"] = Key }, onPort: true);
        var address = BenchHost.AddressOf(app);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var services = await client.GetFromJsonAsync<JsonElement>("/open311/v2/services.json?jurisdiction_id=sefrou");
        var serviceCode = services[0].GetProperty("service_code").GetString()!;
        var body = $"api_key={Key}&jurisdiction_id=sefrou&service_code={Uri.EscapeDataString(serviceCode)}"
            + "&description=" + Uri.EscapeDataString("Un lampadaire éteint depuis une semaine devant l'école.")
            + "&address_string=" + Uri.EscapeDataString("Avenue Hassan II, Sefrou");
        var filed = await client.PostAsync("/open311/v2/requests.json", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        filed.EnsureSuccessStatusCode();
        var reference = (await filed.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
        var script = Path.Combine(Path.GetTempPath(), $"complaints-filing-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.body = \"{body}\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n");
        var before = await CountAsync(app);

        Console.WriteLine($"wrk, 32 connections, 2 threads, {seconds} s per run, {provider}, request limits off.");
        Console.WriteLine();
        Console.WriteLine("| what | requests/s | share of /health/live | median ms | p99 ms | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var ceiling = await Wrk.RunAsync(address + "/health/live", seconds);
        Row("GET /health/live (ceiling)", ceiling, ceiling);
        Row("POST /open311/v2/requests.json (filing)", await Wrk.RunAsync(address + "/open311/v2/requests.json", seconds, "-s", script), ceiling);
        Row($"GET /open311/v2/requests/{{id}}.json (reading)", await Wrk.RunAsync($"{address}/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou", seconds), ceiling);
        Row("GET / (home page)", await Wrk.RunAsync(address + "/", seconds), ceiling);
        File.Delete(script);

        var (count, distinct) = await CountAsync(app);
        Console.WriteLine();
        Console.WriteLine($"Filed during the run: {count - before.Count} complaints, {distinct - before.Distinct} distinct references "
            + $"({(count == distinct ? "no duplicate" : "DUPLICATES")}).");
        return count == distinct ? 0 : 1;
    }

    static void Row(string what, Wrk.Result r, Wrk.Result ceiling) =>
        Console.WriteLine($"| {what} | {r.Rate:F0} | {r.Rate / ceiling.Rate * 100:F1} % | {r.Median:F2} | {r.P99:F2} | {r.Errors} |");

    static async Task<(int Count, int Distinct)> CountAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<global::Program> app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Complaints.CountAsync(), await db.Complaints.Select(c => c.Reference).Distinct().CountAsync());
    }
}
