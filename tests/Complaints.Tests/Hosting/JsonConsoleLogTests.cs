using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Hosting;

// Logging:Console:FormatterName=json, for a log platform that reads one JSON object per line. The program's own
// console, so SQLite alone: the database changes nothing of how lines are written.
public sealed class JsonConsoleLogTests
{
    [Fact]
    public async Task Every_line_is_one_JSON_object_with_its_category_and_event_and_a_filing_adds_no_personal_data()
    {
        await using var site = SiteProcess.Program(new()
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Bootstrap__ApiKey"] = "json-logs-key",
        });
        var client = await site.ClientAsync("fr");
        var filed = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "json-logs-key", ["jurisdiction_id"] = "sefrou", ["service_code"] = "voirie",
            ["description"] = "Lampadaire éteint depuis une semaine devant le numéro 12.", ["address_string"] = "12 rue des Oliviers",
            ["email"] = "amina.benali@example.test", ["phone"] = "0612345678", ["first_name"] = "Amina", ["last_name"] = "Benali",
        }));
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        await site.DisposeAsync();

        Assert.NotEmpty(site.Output);
        foreach (var line in site.Output)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
            foreach (var field in new[] { "EventId", "LogLevel", "Category", "Message" })
                Assert.True(entry.RootElement.TryGetProperty(field, out _), $"No {field} in {line}");
            // Scopes (request paths, connection ids) stay out unless asked for.
            Assert.False(entry.RootElement.TryGetProperty("Scopes", out _), line);
        }
        Assert.Contains(site.Output, l => l.Contains("\"Category\":\"Complaints.Startup\""));
        Assert.DoesNotContain(site.Output, l => l.Contains("amina.benali") || l.Contains("0612345678") || l.Contains("Benali") || l.Contains("Oliviers"));
    }
}
