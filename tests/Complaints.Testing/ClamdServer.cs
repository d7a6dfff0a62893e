using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Complaints.Tests.Infrastructure;

// A real ClamAV daemon started from the installed binary (package clamav-daemon), once per test run, listening on a
// Unix socket in a temporary folder. Debian ships no virus database and none can be fetched here, so its database is
// one body signature written below: the EICAR test file, which every antivirus names as a stand-in for malware.
public sealed class ClamdServer
{
    static readonly Lazy<ClamdServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ClamdServer Instance => Shared.Value;

    // Written in two pieces so that this source file is not itself taken for the test file by a scanner.
    public static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    // clamd adds ".UNOFFICIAL" to the name of a signature it did not get from ClamAV's own databases.
    public const string SignatureName = "Complaints.Test.Eicar";
    public static string Reported => SignatureName + ".UNOFFICIAL";

    readonly Process process;
    readonly string root;

    public string Socket { get; }

    // The app's Uploads:ClamAV setting for this daemon.
    public string Setting => "unix:" + Socket;

    ClamdServer(Process process, string root, string socket)
    {
        this.process = process;
        this.root = root;
        Socket = socket;
    }

    static ClamdServer Start()
    {
        var binary = Environment.GetEnvironmentVariable("CLAMD") is { Length: > 0 } configured ? configured : "/usr/sbin/clamd";
        if (!File.Exists(binary))
            throw new InvalidOperationException(
                $"No ClamAV daemon at {binary}: install the 'clamav-daemon' package (apt-get install clamav-daemon) or set CLAMD.");
        var root = Directory.CreateTempSubdirectory("complaints-clamd-").FullName;
        var database = Directory.CreateDirectory(Path.Combine(root, "db")).FullName;
        // Target 0 (any file), offset * (anywhere): the test string alone or inside a PDF.
        File.WriteAllText(Path.Combine(database, "complaints-test.ndb"), $"{SignatureName}:0:*:{Convert.ToHexStringLower(Eicar)}\n");
        var socket = Path.Combine(root, "clamd.sock");
        var config = Path.Combine(root, "clamd.conf");
        File.WriteAllText(config, string.Join('\n',
            "Foreground yes",
            $"LocalSocket {socket}",
            $"DatabaseDirectory {database}",
            $"TemporaryDirectory {root}",
            $"PidFile {Path.Combine(root, "clamd.pid")}",
            $"LogFile {Path.Combine(root, "clamd.log")}",
            ""));
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ClamdServer(process, root, socket);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        // Loading one signature takes a moment; the daemon is ready when it answers PING.
        var deadline = Stopwatch.StartNew();
        while (!server.Answers())
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                server.Stop();
                lock (output)
                    throw new InvalidOperationException($"clamd did not start (exit {(process.HasExited ? process.ExitCode : "none")}): {output}");
            }
            Thread.Sleep(100);
        }
        return server;
    }

    bool Answers()
    {
        try
        {
            using var client = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(Socket));
            client.Send("zPING\0"u8);
            var buffer = new byte[16];
            var read = client.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            Directory.Delete(root, recursive: true);
        }
        catch (Exception)
        {
            // The run is over; a left-over temporary folder is harmless.
        }
    }
}
