using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Complaints.Tests.Infrastructure;

// The program in its own process, started as an operator starts it, on a folder of its own: no test host, no
// environment of the test runner's (ASPNETCORE_ENVIRONMENT, data protection, database), only what the test gives.
public sealed partial class SiteProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();
    readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<(Func<string, bool> Wanted, TaskCompletionSource<string> Seen)> waiters = [];
    bool disposed;

    // Where the embedded database, the attachments and what the site keeps beside them go; named so in the settings
    // a test gives.
    public string DataFolder { get; }

    public const string Data = "{data}";

    // stdout and stderr, line by line: what a log collector would keep.
    public IReadOnlyList<string> Output => [.. output];

    SiteProcess(ProcessStartInfo start, string folder)
    {
        DataFolder = folder;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The site stopped:\n" + string.Join("\n", output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    // The README's command, `dotnet run --project src/Complaints.Web`, with the build the tests run (so --no-build and
    // its configuration), on a free port of the loopback.
    // inTerminal: typed in a terminal rather than started by a service manager whose output is collected (util-linux's
    // `script` gives the command a terminal of its own and copies what it shows).
    public static SiteProcess Run(Dictionary<string, string>? environment = null, bool inTerminal = false)
    {
        var web = typeof(Program).Assembly.Location;
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(web)))!;
        var start = Start(RepositoryRoot(), environment, out var folder);
        string[] arguments = ["run", "--no-build", "-c", configuration, "--project", Path.Combine("src", "Complaints.Web"), "--", "--urls", "http://127.0.0.1:0"];
        if (inTerminal)
        {
            var command = string.Join(' ', new[] { start.FileName }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
            start.FileName = "script";
            arguments = ["-qfec", command, "/dev/null"];
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new SiteProcess(start, folder);
    }

    // The built program alone, `dotnet Complaints.Web.dll`, as a container starts it; on a free port of the loopback
    // unless the test says where it should listen.
    public static SiteProcess Program(Dictionary<string, string>? environment = null, string environmentName = "Production", bool anyPort = true)
    {
        var web = typeof(Program).Assembly.Location;
        var start = Start(Path.GetDirectoryName(web)!, environment, out var folder);
        start.ArgumentList.Add(web);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        if (anyPort)
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        return new SiteProcess(start, folder);
    }

    static ProcessStartInfo Start(string workingDirectory, Dictionary<string, string>? environment, out string folder)
    {
        folder = Directory.CreateTempSubdirectory("complaints-site-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] ours = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DataProtection", "Database", "ConnectionStrings", "Bootstrap", "Storage", "OTEL_", "OpenTelemetry", "Logging"];
        foreach (var inherited in start.Environment.Keys.Where(k => ours.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(inherited);
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder, "complaints.db")}";
        start.Environment["Storage__Path"] = Path.Combine(folder, "files");
        // Kept out of the way of the test's clock and database; nothing here needs them.
        start.Environment["Notifications__Watch"] = "false";
        start.Environment["PersonalData__Worker"] = "false";
        foreach (var (key, value) in environment ?? [])
            start.Environment[key] = value.Replace(Data, folder);
        return start;
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Complaints.slnx")))
                return folder.FullName;
        throw new InvalidOperationException("No Complaints.slnx above " + AppContext.BaseDirectory);
    }

    void Read(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        lock (waiters)
            foreach (var (wanted, seen) in waiters)
                if (wanted(line))
                    seen.TrySetResult(line);
        if (Listening().Match(line) is { Success: true } match)
            listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    // Plain or JSON console lines alike.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex Listening();

    // The first line of the output that the test waits for, once the site has written it (lines already written count).
    // A guard against a site that never writes it, not a measure of time.
    public Task<string> LineAsync(Func<string, bool> wanted)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiters)
        {
            waiters.Add((wanted, seen));
            if (output.FirstOrDefault(wanted) is { } line)
                seen.TrySetResult(line);
        }
        return seen.Task.WaitAsync(TimeSpan.FromMinutes(3));
    }

    // Where the site says it listens, once it does.
    // A guard against a site that never comes up, not a measure of time.
    public Task<Uri> ListeningAsync() => listening.Task.WaitAsync(TimeSpan.FromMinutes(3));

    // A client of the site once it listens.
    public async Task<HttpClient> ClientAsync(string language)
    {
        var address = await ListeningAsync();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    // For a start that should be refused: its exit code, once it stopped.
    public async Task<int> ExitCodeAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The site started instead of refusing to.");
        }
        return process.ExitCode;
    }

    // Stops the site; its output stays to be read. Once is enough.
    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
