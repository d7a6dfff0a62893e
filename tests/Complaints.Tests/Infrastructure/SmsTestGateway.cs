using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Infrastructure;

public sealed record SmsRequest(JsonElement Body, string? Authorization);

// An HTTP SMS gateway on a loopback port: records what it is posted and answers the status the test sets.
public sealed class SmsTestGateway : IAsyncDisposable
{
    WebApplication app = null!;
    public ConcurrentQueue<SmsRequest> Received { get; } = new();
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;
    // When set, every post is sent on to this address (307, the method kept), and what arrives there is kept apart.
    public string? RedirectTo { get; set; }
    public ConcurrentQueue<string> Redirected { get; } = new();
    public string Url { get; private set; } = "";

    public static async Task<SmsTestGateway> StartAsync()
    {
        var gateway = new SmsTestGateway();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        gateway.app = builder.Build();
        gateway.app.MapPost("/messages", async (HttpRequest request) =>
        {
            using var json = await JsonDocument.ParseAsync(request.Body);
            gateway.Received.Enqueue(new SmsRequest(json.RootElement.Clone(), request.Headers.Authorization.ToString()));
            return gateway.RedirectTo is { } to ? Results.Redirect(to, preserveMethod: true) : Results.StatusCode((int)gateway.Answer);
        });
        gateway.app.MapPost("/elsewhere", async (HttpRequest request) =>
        {
            gateway.Redirected.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
            return Results.Ok();
        });
        await gateway.app.StartAsync();
        gateway.Url = gateway.app.Urls.First() + "/messages";
        return gateway;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

// A test whose app sends its texts through an SmsTestGateway started before it (Sms:Gateway:Url and :Token set).
public abstract class SmsGatewayTest(DatabaseKind kind) : AppTest(kind)
{
    protected const string GatewayToken = "gateway-secret-token";

    protected SmsTestGateway gateway = null!;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Sms:Gateway:Url"] = gateway.Url,
        ["Sms:Gateway:Token"] = GatewayToken,
    };

    public override async Task InitializeAsync()
    {
        gateway = await SmsTestGateway.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await gateway.DisposeAsync();
    }
}
