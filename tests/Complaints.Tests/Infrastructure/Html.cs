using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Complaints.Tests.Infrastructure;

// Reads pages the way a browser would and submits their forms, antiforgery token included.
public static class Html
{
    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    public static string Token(this IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IDocument page,
        IDictionary<string, string> fields, IEnumerable<(string Name, string FileName, byte[] Bytes)>? files = null)
    {
        var content = new MultipartFormDataContent { { new StringContent(page.Token()), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        foreach (var (name, fileName, bytes) in files ?? [])
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, name, fileName);
        }
        return await client.PostAsync(url, content);
    }

    public static string? FieldError(this IDocument page, string id) =>
        page.QuerySelector($"#{id}-error")?.TextContent.Trim();
}

public static class Samples
{
    // Enough of a JPEG for a content check: the SOI marker and a JFIF header.
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];
    public static readonly byte[] NotAnImage = "This is plain text pretending to be a photo."u8.ToArray();

    public static Dictionary<string, string> Complaint(string category = "voirie", string description = "Un grand nid-de-poule devant l'école primaire depuis deux semaines.") => new()
    {
        ["Input.Kind"] = "Complaint",
        ["Input.Category"] = category,
        ["Input.District"] = "d1",
        ["Input.Description"] = description,
        ["Input.Address"] = "Rue 12, près de l'école",
        ["Input.FirstName"] = "Amina",
        ["Input.LastName"] = "Test",
        ["Input.Email"] = "amina@example.test",
        ["Input.Phone"] = "0612345678",
        ["Input.ConsentToPublish"] = "false",
    };
}
