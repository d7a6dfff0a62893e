using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Complaints.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Complaints.Tests.Security;

// What no HTTP client sends and the in-memory server never parses, sent as bytes to the real server on a loopback port:
// broken request lines, headers past Kestrel's limits, lying lengths, bad chunked encoding, pipelined garbage. Kestrel or
// the application answers each with a 4xx (or closes the connection), never a 5xx or a trace, and the site stays up.
// The request line and headers are parsed before any database is touched: SQLite only.
[Collection(FuzzCollection.Name)]
public sealed partial class KestrelFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int Requests = 1_000;
    TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartOnPortAsync(DatabaseKind.Sqlite, new()
    {
        ["RateLimiting:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Error",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Malformed_bytes_on_the_wire_get_a_client_error_or_a_closed_connection_and_the_site_stays_up()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, app.Address.Port);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : FuzzTests.DefaultSeed;
        var failures = new ConcurrentBag<(int Index, string Failure)>();
        var statuses = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, ct) =>
        {
            var random = new Random(unchecked(seed * 1_000_003 + index));
            var (name, bytes) = Draw(random);
            var answer = await ExchangeAsync(endpoint, bytes, ct);
            var codes = StatusLine().Matches(answer).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            statuses.AddOrUpdate($"{name}: " + (codes.Count == 0 ? "closed" : string.Join("+", codes.Distinct())), 1, (_, n) => n + 1);
            var marker = new[] { "   at ", "Exception", "/src/", ".cs:line" }.FirstOrDefault(m => answer.Contains(m, StringComparison.Ordinal));
            // 505 is Kestrel's own answer to a protocol version it does not speak (RFC 9110, 15.6.6), meant and without a body.
            if (codes.Any(c => c >= 500 && !(c == 505 && name == "unknown version")) || marker is not null || answer.StartsWith("timeout", StringComparison.Ordinal))
                failures.Add((index, $"#{index} {name}: sent {FuzzRequest.Cut(Encoding.Latin1.GetString(bytes), 600)}\n  answered {FuzzRequest.Cut(answer, 1200)}"));
        });
        output.WriteLine($"{Requests} raw requests, seed {seed}; answers: " + string.Join("; ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} ×{p.Value}")));
        var first = failures.OrderBy(f => f.Index).Take(10);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {Requests} raw requests failed (seed {seed}):\n" + string.Join("\n", first.Select(f => f.Failure)));
        using var client = new HttpClient { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    // What the server sends back. The connection stays open while the server may still answer a complete request; when it
    // has said nothing for a few seconds (it waits for the rest of a body cut short), the client ends its side, as a client
    // that gives up does. Then everything until the server closes, or "timeout" if it never does.
    static async Task<string> ExchangeAsync(IPEndPoint endpoint, byte[] request, CancellationToken ct)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, ct);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            await socket.SendAsync(request, SocketFlags.None, ct);
            var ended = false;
            var limit = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < limit)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(TimeSpan.FromSeconds(received.Length > 0 || ended ? 2 : 3));
                try
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token);
                    if (n == 0)
                        return Encoding.UTF8.GetString(received.ToArray());
                    received.Write(buffer, 0, n);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Answered and kept alive: done. Nothing yet: end our side so the server sees the request is over.
                    if (received.Length > 0)
                        return Encoding.UTF8.GetString(received.ToArray());
                    if (ended)
                        return "timeout";
                    socket.Shutdown(SocketShutdown.Send);
                    ended = true;
                }
            }
            return "timeout after: " + Encoding.UTF8.GetString(received.ToArray());
        }
        catch (SocketException)
        {
            // Reset after refusing: what came before the reset is the answer.
            return Encoding.UTF8.GetString(received.ToArray());
        }
    }

    static readonly string[] Targets =
    [
        "/", "/sefrou/file", "/track", "/staff/login", "/api/v1/auth/login", "/open311/v2/requests.json", "/figures", "/health/live",
        "/api/v1/complaints", "/staff", "/language/ar?returnUrl=/", "/css/site.css",
    ];

    static (string Name, byte[] Bytes) Draw(Random random)
    {
        var target = Targets[random.Next(Targets.Length)];
        var (name, text) = Cases[random.Next(Cases.Length)](random, target);
        return (name, text is byte[] bytes ? bytes : Encoding.Latin1.GetBytes((string)text));
    }

    // Connection: close, so that the server ends the exchange once it has answered.
    static string Get(string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n";

    static string Post(string target, string headers, string body) =>
        $"POST {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n{headers}\r\n{body}";

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // Each case: its name and the bytes (a Latin-1 string where every character is one byte, or bytes as they are).
    static readonly Func<Random, string, (string, object)>[] Cases =
    [
        // The request line.
        (_, _) => ("empty line only", "\r\n\r\n"),
        (_, t) => ("no version", $"GET {t}\r\n\r\n"),
        (_, t) => ("unknown version", $"GET {t} HTTP/9.9\r\nHost: localhost\r\n\r\n"),
        (_, t) => ("double space", $"GET  {t}  HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, t) => ("extra token", $"GET {t} HTTP/1.1 extra\r\nHost: localhost\r\n\r\n"),
        (_, t) => ("NUL in method", $"G\0T {t} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, _) => ("control in target", "GET /\x01\x7f HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, _) => ("raw UTF-8 in target", Utf8("GET /sefrou/fichier-é-شكاية HTTP/1.1\r\nHost: localhost\r\n\r\n")),
        (_, _) => ("overlong UTF-8 in target", (byte[])[.. "GET /track/"u8, 0xC0, 0xAE, 0xC0, 0xAE, 0x2F, .. " HTTP/1.1\r\nHost: localhost\r\n\r\n"u8]),
        (_, _) => ("invalid UTF-8 in target", (byte[])[.. "GET /track/"u8, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. " HTTP/1.1\r\nHost: localhost\r\n\r\n"u8]),
        (_, _) => ("absolute form to another host", Get("http://evil.example/staff")),
        (_, _) => ("asterisk form", Get("*")),
        (_, _) => ("OPTIONS asterisk", "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, _) => ("CONNECT", "CONNECT localhost:80 HTTP/1.1\r\nHost: localhost:80\r\n\r\n"),
        (_, _) => ("dot segments", Get("/../../../../etc/passwd")),
        (_, _) => ("encoded dot segments", Get("/css/..%2f..%2fappsettings.json")),
        (_, _) => ("percent-encoded dots", Get("/%2e%2e/%2e%2e/appsettings.json")),
        (_, _) => ("backslashes", Get("/css/..\\..\\appsettings.json")),
        (_, _) => ("NUL in path", Get("/track/%00")),
        (_, t) => ("bad escape in path", Get(t.Split('?')[0] + "/%zz%C0%AE")),
        (_, _) => ("request line past 8 KB", Get("/track/" + new string('A', 20_000))),
        (_, t) => ("long method", $"{new string('G', 1_000)} {t} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, t) => ("lower-case method", $"get {t} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (_, t) => ("bare LF", $"GET {t} HTTP/1.1\nHost: localhost\n\n"),
        (_, t) => ("bare CR", $"GET {t} HTTP/1.1\rHost: localhost\r\r"),
        (_, t) => ("leading empty lines", "\r\n\r\n" + Get(t)),
        (_, t) => ("HTTP/0.9", $"GET {t}\r\n"),
        (_, _) => ("HTTP/2 preface on HTTP/1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        (_, _) => ("TLS hello on plain HTTP", (byte[])[0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03, .. new byte[64]]),
        (r, _) => ("random bytes", Enumerable.Range(0, 200).Select(_ => (byte)r.Next(256)).ToArray()),

        // Headers.
        (_, t) => ("no Host", $"GET {t} HTTP/1.1\r\n\r\n"),
        (_, t) => ("two Hosts", Get(t, "Host: evil.example\r\n")),
        (_, t) => ("Host with a space", $"GET {t} HTTP/1.1\r\nHost: evil example\r\n\r\n"),
        (_, t) => ("Host with NUL", $"GET {t} HTTP/1.1\r\nHost: local\0host\r\n\r\n"),
        (_, t) => ("Host of another site", $"GET {t} HTTP/1.1\r\nHost: evil.example:99999\r\n\r\n"),
        (_, t) => ("header without colon", Get(t, "NoColonHere\r\n")),
        (_, t) => ("space in header name", Get(t, "Bad Header: x\r\n")),
        (_, t) => ("space before colon", Get(t, "Accept : text/html\r\n")),
        (_, t) => ("folded header", Get(t, "Accept-Language: fr,\r\n ar\r\n")),
        (_, t) => ("NUL in header value", Get(t, "Accept-Language: fr\0ar\r\n")),
        (_, t) => ("DEL and controls in header value", Get(t, "Cookie: a=\x01\x7f\x1b\r\n")),
        (_, t) => ("raw UTF-8 in header value", Utf8(Get(t, "Accept-Language: ar-المغرب\r\nCookie: c=é\r\n"))),
        (_, t) => ("header past 32 KB", Get(t, "X-Fuzz: " + new string('A', 40_000) + "\r\n")),
        (_, t) => ("200 headers", Get(t, string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n")))),
        (_, t) => ("cookie header past limits", Get(t, "Cookie: " + string.Join("; ", Enumerable.Range(0, 3_000).Select(i => $"c{i}=v")) + "\r\n")),
        (_, t) => ("negative Content-Length", Post(t, "Content-Length: -1\r\n", "a=b")),
        (_, t) => ("Content-Length not a number", Post(t, "Content-Length: abc\r\n", "a=b")),
        (_, t) => ("Content-Length overflowing", Post(t, "Content-Length: 99999999999999999999\r\n", "a=b")),
        (_, t) => ("two different Content-Lengths", Post(t, "Content-Length: 3\r\nContent-Length: 5\r\n", "a=b")),
        (_, t) => ("Content-Length and chunked", Post(t, "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "3\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("unknown transfer coding", Post(t, "Transfer-Encoding: gzip, chunked\r\n", "3\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("chunked not last", Post(t, "Transfer-Encoding: chunked, gzip\r\n", "3\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("chunked on HTTP/1.0", $"POST {t} HTTP/1.0\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=b\r\n0\r\n\r\n"),
        (_, t) => ("upgrade to a websocket", Get(t, "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\n")),
        (_, t) => ("upgrade to h2c", Get(t, "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n")),
        (_, t) => ("Expect other than continue", Post(t, "Expect: 200-ok\r\nContent-Length: 3\r\n", "a=b")),

        // Bodies.
        (_, t) => ("chunk size not hex", Post(t, "Transfer-Encoding: chunked\r\n", "zz\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("chunk without its CRLF", Post(t, "Transfer-Encoding: chunked\r\n", "3\r\na=bXX0\r\n\r\n")),
        (_, t) => ("chunk size overflowing", Post(t, "Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFFFF\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("chunk extension past limits", Post(t, "Transfer-Encoding: chunked\r\n", "3;" + new string('x', 20_000) + "\r\na=b\r\n0\r\n\r\n")),
        (_, t) => ("no last chunk", Post(t, "Transfer-Encoding: chunked\r\n", "3\r\na=b\r\n")),
        (_, t) => ("garbage trailer", Post(t, "Transfer-Encoding: chunked\r\n", "3\r\na=b\r\n0\r\nBad Trailer\r\n\r\n")),
        (_, t) => ("chunk longer than said", Post(t, "Transfer-Encoding: chunked\r\n", "2\r\na=bcdef\r\n0\r\n\r\n")),
        (_, t) => ("body shorter than Content-Length", Post(t, "Content-Length: 1000\r\n", "a=b")),
        (_, t) => ("body longer than Content-Length", Post(t, "Content-Length: 3\r\n", "a=b" + new string('x', 500))),
        (_, t) => ("Content-Length past 30 MB", Post(t, "Content-Length: 50000000\r\n", "a=b")),
        (_, t) => ("multipart cut short", Post(t, "Content-Length: 500\r\n", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx").Replace("x-www-form-urlencoded", "form-data; boundary=b")),
        (_, _) => ("JSON cut short", "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"email\":\"a"),
        (_, _) => ("Open311 form cut short", "POST /open311/v2/requests.json HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 300\r\n\r\napi_key=x&service_code=voirie&description=abc"),

        // Pipelining.
        (_, t) => ("a request then garbage", Get(t) + "GARBAGE\r\n\r\n"),
        (_, t) => ("two requests, the second without Host", Get(t) + $"GET {t} HTTP/1.1\r\n\r\n"),
        (_, t) => ("many pipelined requests", string.Concat(Enumerable.Repeat(Get(t), 50))),
    ];

    [GeneratedRegex(@"(?m)^HTTP/1\.[01] (\d{3})")]
    private static partial Regex StatusLine();
}
