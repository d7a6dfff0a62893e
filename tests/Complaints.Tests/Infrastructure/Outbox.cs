using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// Writing outbox rows as the moves would, and driving delivery passes by hand (the worker is off in tests).
public static class Outbox
{
    public static async Task<OutboxMessage> QueueAsync(this TestApp app, string recipient = "citoyen@example.test", string? commune = "sefrou",
        NotificationChannel channel = NotificationChannel.Email, NotificationEvent @event = NotificationEvent.Receipt, string language = "fr",
        string? subject = "Votre réclamation a été reçue", string body = "Bonjour, votre réclamation est enregistrée.", DateTime? dueAt = null) =>
        await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var message = new OutboxMessage
            {
                CommuneId = commune is null ? null : await db.Communes.Where(c => c.Code == commune).Select(c => c.Id).SingleAsync(),
                Channel = channel, Event = @event, Recipient = recipient, Language = language,
                Subject = channel == NotificationChannel.Email ? subject : null, Body = body,
                CreatedAt = now, NextAttemptAt = dueAt ?? now, Status = OutboxStatus.Pending,
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message;
        });

    public static async Task<OutboxPass> SendOutboxAsync(this TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().RunAsync();
    }

    public static Task<OutboxMessage> MessageAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
}
