using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Complaints.Tests.Infrastructure;

// A throwaway PostgreSQL server started from the installed binaries, once per test run,
// on a free port with its data in a temporary folder. Each test gets its own database.
public sealed class PostgresServer : IDisposable
{
    static readonly Lazy<PostgresServer> Shared = new(() => Start(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);

    public static PostgresServer Instance => Shared.Value;

    // A server of one test's own, which it may kill and start again on the same data. A commit reaches the operating
    // system before it is acknowledged (synchronous_commit on), so a killed server keeps every acknowledged one; only
    // a crash of the machine itself would need fsync, which stays off.
    public static PostgresServer StartOwn() => Start(durable: true);

    readonly Process watcher;
    readonly string bin, data, root, options;
    public int Port { get; }

    PostgresServer(Process watcher, int port, string bin, string data, string root, string options)
    {
        this.watcher = watcher;
        Port = port;
        this.bin = bin;
        this.data = data;
        this.root = root;
        this.options = options;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Include Error Detail=true";

    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        // CREATE DATABASE ... TEMPLATE refuses while another session uses the template: retry briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var cmd = new NpgsqlCommand(
                    template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", conn);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    static PostgresServer Start(bool durable)
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("complaints-pg-").FullName;
        var data = Path.Combine(root, "data");
        var port = FreePort();
        var asRoot = AsRoot;
        if (asRoot)
            // initdb refuses to run as root: the server runs as the postgres user.
            Run("chown", "-R", "postgres:postgres", root);
        RunAs(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(durable ? "on" : "off")} " +
            "-c full_page_writes=off -c max_connections=300";
        PgCtlStart(bin, data, root, options);
        // The server would outlive a test host stopped before its exit handlers run (it often is), so a shell waits on
        // this process's end of a pipe, its standard input: when the pipe closes, however the run ends, the shell stops
        // the server and removes its folder. It runs in the background of a shell that exits at once, so that the test
        // runner, which kills a crashed host's process tree, does not stop it halfway.
        var watch = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, WorkingDirectory = "/tmp" };
        foreach (var a in new[] { "-c", "exec 3<&0 </dev/null >/dev/null 2>&1; (read _ <&3; $4 \"$1\" -D \"$2\" -m immediate -w stop; rm -rf \"$3\") &",
                     "pg-watch", Path.Combine(bin, "pg_ctl"), data, root, asRoot ? "runuser -u postgres --" : "" })
            watch.ArgumentList.Add(a);
        var server = new PostgresServer(Process.Start(watch)!, port, bin, data, root, options);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    static bool AsRoot => Environment.UserName == "root";

    static void PgCtlStart(string bin, string data, string root, string options) =>
        RunAs(AsRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start");

    // The server's processes as an out-of-memory kill or a power cut leaves them: the postmaster and every backend
    // killed at once (SIGKILL), nothing written out, shared memory left behind.
    public void Kill()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First());
        var children = Directory.GetDirectories("/proc").Select(Path.GetFileName)
            .Select(d => int.TryParse(d, out var pid) ? pid : 0).Where(pid => pid > 0 && ParentOf(pid) == postmaster).ToList();
        foreach (var pid in children.Prepend(postmaster))
        {
            try { Process.GetProcessById(pid).Kill(); }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }
        // Until reaped, a killed postmaster still holds its lock file for a new one (kill(pid, 0) finds it).
        while (children.Prepend(postmaster).Any(pid => Directory.Exists($"/proc/{pid}")))
            Thread.Sleep(20);
    }

    // Started again on the same data after Kill: PostgreSQL replays its write-ahead log before it accepts connections.
    public void StartAgain() => PgCtlStart(bin, data, root, options);

    static int? ParentOf(int pid)
    {
        try
        {
            // pid (name) state ppid ...: the name may hold spaces, the fields after its closing parenthesis do not.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => Stop();

    void Stop()
    {
        try
        {
            watcher.StandardInput.Close();
        }
        catch (Exception)
        {
            // The run is over; a left-over temporary folder is harmless.
        }
    }

    static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server binaries found: install the 'postgresql' package or set PG_BIN.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static void RunAs(bool asRoot, string file, params string[] args)
    {
        if (asRoot)
            Run("runuser", ["-u", "postgres", "--", file, .. args]);
        else
            Run(file, args);
    }

    static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        // pg_ctl start leaves the server holding the pipes: read only until the command itself exits.
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {error.Result} {output.Result}");
    }
}
