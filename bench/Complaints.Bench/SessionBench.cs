using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// What checking every signed-in request against the member's row costs (Hosting/SessionCheck.cs): two instances of
// the app on one database, with and without the check, under wrk (32 connections) on an authenticated staff API GET.
static class SessionBench
{
    const string Password = "Bench-Staff-Passw0rd!";
    const string Path = "/api/v1/communes/sefrou/services";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        await using var on = await BenchHost.StartAsync(provider, onPort: true);
        string connection;
        using (var scope = on.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            connection = db.Database.GetConnectionString()!;
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var sefrou = await db.Communes.SingleAsync(c => c.Code == "sefrou");
            var cell = new StaffUser { UserName = "bench.cell@sefrou.test", Email = "bench.cell@sefrou.test", EmailConfirmed = true, CommuneId = sefrou.Id };
            await users.CreateAsync(cell, Password);
            await users.AddToRoleAsync(cell, Roles.ComplaintsCell);
        }
        await using var off = await BenchHost.StartAsync(provider, connection,
            new Dictionary<string, string> { ["Authentication:CheckEveryRequest"] = "false" }, onPort: true);

        Console.WriteLine($"wrk, 32 connections, 2 threads, {seconds} s per run, GET {Path} with a bearer token; runs alternate.");
        Console.WriteLine();
        Console.WriteLine("| run | check | requests/s | median ms | p99 ms |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        var (withCheck, without) = (new List<double>(), new List<double>());
        for (var run = 1; run <= 2; run++)
        {
            foreach (var (app, name, rates) in new[] { (on, "on", withCheck), (off, "off", without) })
            {
                var result = await WrkAsync(app, seconds);
                rates.Add(result.Rate);
                Console.WriteLine($"| {run} | {name} | {result.Rate:F0} | {result.Median:F2} | {result.P99:F2} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Mean: {withCheck.Average():F0} requests/s with the check, {without.Average():F0} without " +
            $"({(1 - withCheck.Average() / without.Average()) * 100:F1} % fewer with it).");
        return 0;
    }

    static async Task<(double Rate, double Median, double P99)> WrkAsync(WebApplicationFactory<global::Program> app, int seconds)
    {
        var address = BenchHost.AddressOf(app);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "bench.cell@sefrou.test", password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        var result = await Wrk.RunAsync(address.TrimEnd('/') + Path, seconds, "-H", $"Authorization: Bearer {token}");
        // Every answer must be a 200: a refused token would time the wrong thing.
        if (result.Errors > 0)
            throw new InvalidOperationException($"{result.Errors} answers were not 2xx.");
        return (result.Rate, result.Median, result.P99);
    }
}
