using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Complaints.Bench;

// One wrk run (Debian's wrk: 2 threads, 32 connections) and what it printed: requests per second, median and p99
// latency, and how many answers were not 2xx.
static partial class Wrk
{
    public sealed record Result(double Rate, double Median, double P99, long Errors);

    // arguments: what comes before the address (headers, -s script.lua).
    public static async Task<Result> RunAsync(string url, int seconds, params string[] arguments)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t2", "-c32", $"-d{seconds}s", "--latency" }.Concat(arguments).Append(url))
            start.ArgumentList.Add(a);
        var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: apt-get install wrk");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rate = Rate().Match(output);
        if (wrk.ExitCode != 0 || !rate.Success)
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{await wrk.StandardError.ReadToEndAsync()}");
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        return new(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile("50").Match(output)), Milliseconds(Percentile("99").Match(output)), errors + socket);
    }

    static Regex Percentile(string p) => new($@"^\s+{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);

    static double Milliseconds(Match m) => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * m.Groups[2].Value switch
    {
        "us" => 0.001,
        "s" => 1000,
        _ => 1,
    };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    // "Socket errors: connect 0, read 0, write 0, timeout 12"
    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
