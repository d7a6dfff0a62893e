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

    public string Socket { get; }

    // The app's Uploads:ClamAV setting for this daemon.
    public string Setting => "unix:" + Socket;

    ClamdServer(Process process, string socket)
    {
        this.process = process;
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
        // clamd runs under a shell that waits on this process's end of a pipe (its standard input): when the test run
        // ends, however it ends (the test host is often stopped before its exit handlers run), the pipe closes and the
        // shell stops clamd; once clamd is gone, for that or any reason, the shell removes its folder and exits.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        foreach (var a in new[] { "-c", "exec 3<&0; \"$1\" -c \"$2\" & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & wait $pid; rm -rf \"$3\"", "clamd", binary, config, root })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ClamdServer(process, socket);
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
            process.StandardInput.Close();
            process.WaitForExit(10_000);
        }
        catch (Exception)
        {
            // The run is over; a left-over temporary folder is harmless.
        }
    }
}
