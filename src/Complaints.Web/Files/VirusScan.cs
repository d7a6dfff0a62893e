using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Complaints.Web.Hosting;

namespace Complaints.Web.Files;

// ASVS 5.4.3: every upload is shown to ClamAV's clamd (Uploads:ClamAV = "unix:/run/clamav/clamd.ctl" or
// "tcp://host:3310") before it is judged and stored; unset, nothing is scanned. Fail closed: a file clamd could not
// vouch for (unreachable, too slow, an error) is refused for now, never stored unchecked.
public sealed class VirusScan(EndPoint? scanner, TimeSpan timeout, IHttpContextAccessor? http, ILoggerFactory logs)
{
    public const string Setting = "Uploads:ClamAV";
    public const string TimeoutSetting = "Uploads:ClamAVTimeout";
    const int Chunk = 64 * 1024;

    readonly ILogger log = logs.CreateLogger<VirusScan>();

    // Null when the file may go on to be judged by its content; else the message key that refuses it.
    public async Task<string?> CheckAsync(byte[] content, CancellationToken ct)
    {
        if (scanner is null)
            return null;
        string reply;
        try
        {
            reply = await AskAsync("zINSTREAM", content, ct);
        }
        catch (Exception e) when (Unreachable(e, ct))
        {
            log.LogWarning(e, "The virus scanner at {Scanner} did not answer: the upload is refused for now", scanner);
            return "error.file.unchecked";
        }
        if (reply == "stream: OK")
            return null;
        if (reply.StartsWith("stream: ", StringComparison.Ordinal) && reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var signature = reply["stream: ".Length..^" FOUND".Length];
            var request = http?.HttpContext;
            logs.CreateLogger(SecurityLog.Category).UploadInfected(signature,
                request?.Request.Path.Value ?? "-", request is null ? "-" : SecurityLog.Client(request));
            return "error.file.infected";
        }
        // "... ERROR": a stream past clamd's StreamMaxLength, a database being reloaded, or anything else unexpected.
        log.LogWarning("The virus scanner at {Scanner} answered {Reply}: the upload is refused for now", scanner, reply);
        return "error.file.unchecked";
    }

    public async Task<bool> AnswersAsync(CancellationToken ct)
    {
        try
        {
            return scanner is null || await AskAsync("zPING", null, ct) == "PONG";
        }
        catch (Exception e) when (Unreachable(e, ct))
        {
            return false;
        }
    }

    // Refused, reset, or past the time limit; not the request itself cancelled (the client went away).
    static bool Unreachable(Exception e, CancellationToken ct) =>
        e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested;

    // One command on its own connection: the z-prefixed form ends the command and the reply with a NUL; a stream goes
    // in chunks each led by its length (4 bytes, big-endian), then a chunk of length zero.
    async Task<string> AskAsync(string command, byte[]? content, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        using var socket = scanner is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(scanner!, limit.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\0"), limit.Token);
        if (content is not null)
        {
            var length = new byte[4];
            for (var offset = 0; offset < content.Length; offset += Chunk)
            {
                var count = Math.Min(Chunk, content.Length - offset);
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)count);
                await stream.WriteAsync(length, limit.Token);
                await stream.WriteAsync(content.AsMemory(offset, count), limit.Token);
            }
            BinaryPrimitives.WriteUInt32BigEndian(length, 0);
            await stream.WriteAsync(length, limit.Token);
        }
        using var reply = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0 && reply.Length < 4096)
        {
            reply.Write(buffer, 0, read);
            if (buffer[read - 1] == 0)
                break;
        }
        return Encoding.ASCII.GetString(reply.GetBuffer(), 0, (int)reply.Length).TrimEnd('\0', '\n').Trim();
    }

    // "unix:/path/to/clamd.sock" or "tcp://host:port"; anything else stops the start with the setting named.
    public static EndPoint? Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
            return null;
        if (setting.StartsWith("unix:", StringComparison.Ordinal) && setting.Length > "unix:".Length)
            return new UnixDomainSocketEndPoint(setting["unix:".Length..]);
        if (Uri.TryCreate(setting, UriKind.Absolute, out var uri) && uri.Scheme == "tcp" && uri.Port > 0 && uri.AbsolutePath == "/")
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? new IPEndPoint(ip, uri.Port) : new DnsEndPoint(uri.Host, uri.Port);
        throw new InvalidOperationException($"{Setting} must be unix:/path/to/clamd.sock or tcp://host:3310, not '{setting}'.");
    }
}

public static class VirusScanSetup
{
    public static IServiceCollection AddVirusScan(this IServiceCollection services, IConfiguration config)
    {
        var scanner = VirusScan.Parse(config[VirusScan.Setting]);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, config.GetValue(VirusScan.TimeoutSetting, 30)));
        services.AddSingleton(sp => new VirusScan(scanner, timeout, sp.GetService<IHttpContextAccessor>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
