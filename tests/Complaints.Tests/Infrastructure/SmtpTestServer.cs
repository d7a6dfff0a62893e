using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Complaints.Tests.Infrastructure;

// A real SMTP server inside the test process, on a loopback port, keeping every message it accepts.
public sealed class SmtpTestServer : IAsyncDisposable
{
    readonly Store store = new();
    readonly CancellationTokenSource stop = new();
    Task running = Task.CompletedTask;

    public int Port { get; private set; }
    public IReadOnlyList<MimeMessage> Received => store.Messages.ToList();

    // A port nobody listens on yet: to configure the app before the server is up.
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<SmtpTestServer> StartAsync(int port = 0)
    {
        var smtp = new SmtpTestServer();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(smtp.store);
        services.Add(new UnknownMailboxes());
        services.Add(listeners);
        smtp.running = new SmtpServer.SmtpServer(options, services).StartAsync(smtp.stop.Token);
        smtp.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return smtp;
    }

    public Dictionary<string, string?> Settings(string from = "Commune <no-reply@communes.example>") => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(),
        ["Email:From"] = from,
    };

    // Waits (on arrivals, not on time) until at least this many messages came in.
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var arrival = store.Arrival;
            if (store.Messages.Count >= count)
                return Received;
            await arrival.WaitAsync(limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    // Like a real server, it refuses a mailbox it does not know (550): here, any address starting with "nobody".
    public const string Unknown = "nobody";

    sealed class UnknownMailboxes : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, SmtpServer.Mail.IMailbox from, int size, CancellationToken ct) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken ct) =>
            Task.FromResult(!to.User.StartsWith(Unknown, StringComparison.OrdinalIgnoreCase));
    }

    sealed class Store : MessageStore
    {
        TaskCompletionSource arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();
        public Task Arrival => arrival.Task;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            Interlocked.Exchange(ref arrival, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return SmtpResponse.Ok;
        }
    }
}
