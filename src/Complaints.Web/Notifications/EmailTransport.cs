using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Complaints.Web.Notifications;

// Mail through the configured SMTP server; one connection serves a whole pass.
public sealed class EmailTransport(IOptions<EmailOptions> options, TimeProvider clock) : IOutboxTransport, IAsyncDisposable, IDisposable
{
    readonly EmailOptions settings = options.Value;
    SmtpClient? client;

    public NotificationChannel Channel => NotificationChannel.Email;
    public bool Configured => !string.IsNullOrWhiteSpace(settings.Smtp.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var mail = Compose(message);
        try
        {
            var smtp = await ConnectAsync(ct);
            await smtp.SendAsync(mail, ct);
        }
        catch
        {
            // Whatever went wrong, the next message starts from a fresh connection.
            await CloseAsync();
            throw;
        }
    }

    public MimeMessage Compose(OutboxMessage message)
    {
        if (string.IsNullOrWhiteSpace(settings.From))
            throw new OutboxSendException("Email:From is not set");
        var from = MailboxAddress.Parse(settings.From);
        var mail = new MimeMessage();
        mail.From.Add(from);
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        mail.Subject = message.Subject ?? "";
        mail.Date = clock.GetUtcNow();
        // The same outbox row always gives the same id, so a retried delivery is recognisable as one.
        var domain = from.Domain is { Length: > 0 } d ? d : "complaints.invalid";
        mail.MessageId = $"outbox-{message.Id}@{domain}";
        mail.Headers.Add(HeaderId.ContentLanguage, message.Language);
        var body = new TextPart(TextFormat.Plain);
        body.SetText(System.Text.Encoding.UTF8, message.Body);
        mail.Body = body;
        return mail;
    }

    async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        if (client is { IsConnected: true })
            return client;
        client?.Dispose();
        client = new SmtpClient { Timeout = 30_000 };
        var smtp = settings.Smtp;
        var security = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        return client;
    }

    async Task CloseAsync()
    {
        if (client is null)
            return;
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception)
        {
            // Already broken: nothing to say goodbye to.
        }
        client.Dispose();
        client = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    public void Dispose()
    {
        client?.Dispose();
        client = null;
    }
}
