using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Complaints.Bench;

// One wrk run (Debian's wrk: 2 threads, 32 connections) and what it printed: requests per second, median and p99
// latency, and how many answers were not 2xx. A script made by Script also checks each 2xx/3xx answer is the one
// expected (a form shown again with an error is a 200): those that are not count as errors, those that are as
// acknowledged.
static partial class Wrk
{
    // Errors: every answer that was not the one expected, among them Timeouts (answers slower than wrk's 2 s).
    public sealed record Result(double Rate, double Median, double P99, long Errors, long? Acknowledged = null, long Timeouts = 0);

    // A wrk Lua script sending one request again and again; expected: the status a success answers, marker: what its
    // body (for a redirect, its Location) must contain.
    public static string Script(string method, string? body, IReadOnlyDictionary<string, string> headers, int expected, string? marker = null)
    {
        var lua = new System.Text.StringBuilder();
        lua.Append($"wrk.method = {Quoted(method)}\n");
        if (body is not null)
            lua.Append($"wrk.body = {Quoted(body)}\n");
        foreach (var (name, value) in headers)
            lua.Append($"wrk.headers[{Quoted(name)}] = {Quoted(value)}\n");
        lua.Append($"local expected, marker = {expected}, {(marker is null ? "nil" : Quoted(marker))}\n");
        lua.Append("""
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) acknowledged = 0; unexpected = 0 end
            function response(status, headers, body)
              if status >= 400 then return end
              local seen = (status >= 300 and status < 400) and (headers["Location"] or "") or body
              if status == expected and (marker == nil or string.find(seen, marker, 1, true)) then
                acknowledged = acknowledged + 1
              else
                unexpected = unexpected + 1
              end
            end
            function done(summary, latency, requests)
              local a, u = 0, 0
              for _, t in ipairs(threads) do a = a + t:get("acknowledged"); u = u + t:get("unexpected") end
              io.write(string.format("Expected answers: %d\nUnexpected answers: %d\n", a, u))
            end

            """);
        var path = Path.Combine(Path.GetTempPath(), $"complaints-wrk-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, lua.ToString());
        return path;
    }

    static string Quoted(string s)
    {
        var q = new System.Text.StringBuilder("\"");
        foreach (var c in s)
            q.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\r' => "\\r",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        return q.Append('"').ToString();
    }

    // arguments: what comes before the address (headers, -s script.lua).
    public static async Task<Result> RunAsync(string url, int seconds, params string[] arguments)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", "-c32", $"-d{seconds}s", "--latency" }.Concat(arguments).Append(url))
            start.ArgumentList.Add(argument);
        var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: apt-get install wrk");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rate = Rate().Match(output);
        if (wrk.ExitCode != 0 || !rate.Success)
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{await wrk.StandardError.ReadToEndAsync()}");
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        var unexpected = Unexpected().Match(output) is { Success: true } u ? long.Parse(u.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        long? acknowledged = Expected().Match(output) is { Success: true } a ? long.Parse(a.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var timeouts = Timeouts().Match(output) is { Success: true } t ? long.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile("50").Match(output)), Milliseconds(Percentile("99").Match(output)), errors + socket + unexpected, acknowledged, timeouts);
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

    [GeneratedRegex(@"Expected answers: (\d+)")]
    private static partial Regex Expected();

    [GeneratedRegex(@"Unexpected answers: (\d+)")]
    private static partial Regex Unexpected();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"timeout (\d+)")]
    private static partial Regex Timeouts();

    // "Socket errors: connect 0, read 0, write 0, timeout 12"
    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
