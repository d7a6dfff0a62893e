using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Infrastructure;

// An OpenTelemetry collector's OTLP/HTTP side on a loopback port: keeps what is posted to /v1/traces and /v1/metrics.
// The bodies are protobuf; the names they carry (service, route, instrument) are plain UTF-8 inside.
public sealed class OtlpReceiver : IAsyncDisposable
{
    WebApplication app = null!;
    readonly ConcurrentQueue<(string Signal, byte[] Body)> received = new();

    public string Url { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        receiver.app = builder.Build();
        receiver.app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Urls.First();
        return receiver;
    }

    public int Count(string signal) => received.Count(r => r.Signal == signal);

    // Everything posted for one signal, read as text: enough to find a name in it.
    public string Text(string signal) => string.Concat(received.Where(r => r.Signal == signal).Select(r => Encoding.UTF8.GetString(r.Body)));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
