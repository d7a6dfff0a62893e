using Complaints.Web.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Complaints.Web.Notifications;

// Mail through the configured SMTP server; one connection serves a whole pass. A commune's mail answers to the
// commune's contact address, when it has one, rather than to the platform's no-reply sender.
public sealed class EmailTransport(IOptions<EmailOptions> options, TimeProvider clock, AppDbContext db) : IOutboxTransport, IAsyncDisposable, IDisposable
{
    readonly EmailOptions settings = options.Value;
    SmtpClient? client;

    public NotificationChannel Channel => NotificationChannel.Email;
    public bool Configured => !string.IsNullOrWhiteSpace(settings.Smtp.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var replyTo = message.CommuneId is { } communeId
            ? await db.Communes.AsNoTracking().Where(c => c.Id == communeId).Select(c => c.ContactEmail).SingleOrDefaultAsync(ct)
            : null;
        var mail = Compose(message, replyTo);
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

    public MimeMessage Compose(OutboxMessage message, string? replyTo = null)
    {
        if (string.IsNullOrWhiteSpace(settings.From))
            throw new OutboxSendException("Email:From is not set");
        var from = MailboxAddress.Parse(settings.From);
        var mail = new MimeMessage();
        mail.From.Add(from);
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        if (!string.IsNullOrEmpty(replyTo))
            mail.ReplyTo.Add(MailboxAddress.Parse(replyTo));
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
