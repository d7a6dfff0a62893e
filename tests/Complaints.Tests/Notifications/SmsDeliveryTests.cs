using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;

namespace Complaints.Tests.Notifications;

public abstract class SmsDeliveryTests(DatabaseKind kind) : SmsGatewayTest(kind)
{
    // The gateway is called at the configured address only: a redirect is an answer that is not 2xx, never followed.
    [Fact]
    public async Task A_gateway_that_redirects_is_not_followed_and_the_text_waits()
    {
        var message = await App.QueueAsync("+212600000001", channel: NotificationChannel.Sms, body: "Réclamation SEF-2026-000003 enregistrée");
        gateway.RedirectTo = gateway.Url.Replace("/messages", "/elsewhere");

        Assert.Equal(1, (await App.SendOutboxAsync()).Retrying);
        Assert.Single(gateway.Received);
        Assert.Empty(gateway.Redirected);
        Assert.Equal(OutboxStatus.Pending, (await App.MessageAsync(message.Id)).Status);
    }

    [Fact]
    public async Task A_gateway_error_keeps_the_text_for_later_and_it_goes_once_the_gateway_answers()
    {
        var message = await App.QueueAsync("+212600000001", channel: NotificationChannel.Sms, language: "ar",
            body: "تم تسجيل شكايتكم SEF-2026-000003");
        gateway.Answer = HttpStatusCode.InternalServerError;

        Assert.Equal(1, (await App.SendOutboxAsync()).Retrying);
        var posted = Assert.Single(gateway.Received);
        Assert.Equal("+212600000001", posted.Body.GetProperty("to").GetString());
        Assert.Equal("تم تسجيل شكايتكم SEF-2026-000003", posted.Body.GetProperty("text").GetString());
        Assert.Equal($"Bearer {GatewayToken}", posted.Authorization);
        var waiting = await App.MessageAsync(message.Id);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.True(waiting.NextAttemptAt > App.Clock.GetUtcNow().UtcDateTime);
        Assert.Contains("500", waiting.LastError);
        Assert.DoesNotContain(GatewayToken, waiting.LastError);

        gateway.Answer = HttpStatusCode.OK;
        Assert.Equal(0, (await App.SendOutboxAsync()).Handled);
        App.Clock.Advance(waiting.NextAttemptAt - App.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(1, (await App.SendOutboxAsync()).Sent);
        Assert.Equal(2, gateway.Received.Count);
        var sent = await App.MessageAsync(message.Id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, OutboxStatus.Failed)]
    [InlineData(HttpStatusCode.TooManyRequests, OutboxStatus.Pending)]
    [InlineData(HttpStatusCode.ServiceUnavailable, OutboxStatus.Pending)]
    public async Task A_number_the_gateway_refuses_fails_at_once_while_throttling_is_retried(HttpStatusCode answer, OutboxStatus after)
    {
        var message = await App.QueueAsync("+2126", channel: NotificationChannel.Sms);
        gateway.Answer = answer;

        await App.SendOutboxAsync();

        var stored = await App.MessageAsync(message.Id);
        Assert.Equal((after, 1), (stored.Status, stored.Attempts));
        Assert.Contains(((int)answer).ToString(), stored.LastError);
    }

    [Fact]
    public async Task Mail_without_a_mail_server_stays_in_the_outbox_while_texts_go()
    {
        var mail = await App.QueueAsync();
        await App.QueueAsync("+212600000002", channel: NotificationChannel.Sms);

        Assert.Equal(1, (await App.SendOutboxAsync()).Sent);
        var waiting = await App.MessageAsync(mail.Id);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Equal("+212600000002", Assert.Single(gateway.Received).Body.GetProperty("to").GetString());
    }

    public sealed class OnSqlite() : SmsDeliveryTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SmsDeliveryTests(DatabaseKind.Postgres);
}
