using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Notifications;

// SMS through an HTTP gateway: POST {"to", "text"} with an optional bearer token; anything but 2xx is a failure.
public sealed class SmsTransport(IOptions<SmsOptions> options, IHttpClientFactory http) : IOutboxTransport
{
    public const string Client = "sms-gateway";
    readonly SmsOptions.GatewayOptions gateway = options.Value.Gateway;

    public NotificationChannel Channel => NotificationChannel.Sms;
    public bool Configured => !string.IsNullOrWhiteSpace(gateway.Url);

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, text = message.Body }),
        };
        if (!string.IsNullOrEmpty(gateway.Token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
        using var response = await http.CreateClient(Client).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            // A 4xx is the gateway refusing this message (a bad number, say); timeouts and throttling are worth a retry.
            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 and not (408 or 429);
            throw new OutboxSendException($"HTTP {status} {response.ReasonPhrase}".TrimEnd(), permanent);
        }
    }
}
