using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

// Shared by the Open311 tests: an app with a registered API key and helpers to file and read.
public abstract class Open311Test(DatabaseKind kind) : AppTest(kind)
{
    protected const string ApiKey = "open311-test-key-7c1f9a2e5b";

    protected override Dictionary<string, string?> Settings => new() { ["Bootstrap:ApiKey"] = ApiKey };

    protected static Dictionary<string, string> Request(string commune = "sefrou", string service = "voirie", params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["api_key"] = ApiKey,
            ["jurisdiction_id"] = commune,
            ["service_code"] = service,
            ["description"] = "Un nid-de-poule profond devant l'école primaire.",
            ["lat"] = "33.8300",
            ["long"] = "-4.8350",
        };
        foreach (var (key, value) in extra)
            fields[key] = value;
        return fields;
    }

    protected Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields, string fmt = "json", HttpClient? client = null) =>
        (client ?? App.CreateClient()).PostAsync($"/open311/v2/requests.{fmt}", new FormUrlEncodedContent(fields));

    // Files through the API and returns the reference and access code it answered.
    protected async Task<(string Reference, string AccessCode)> FileAsync(Dictionary<string, string> fields)
    {
        var response = await PostAsync(fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var filed = JsonDocument.Parse(body).RootElement[0];
        return (filed.GetProperty("service_request_id").GetString()!, filed.GetProperty("access_code").GetString()!);
    }

    protected async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK, string? language = null)
    {
        var client = App.CreateClient();
        if (language is not null)
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // The single error of an Open311 error body, checked for its code.
    protected static string ErrorDescription(JsonElement errors, int code)
    {
        var error = Assert.Single(errors.EnumerateArray());
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        return error.GetProperty("description").GetString()!;
    }
}
