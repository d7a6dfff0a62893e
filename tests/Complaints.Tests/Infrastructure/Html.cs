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

    // Submits one form of the page as a browser would: its own fields and values, some of them changed.
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IDocument page, string formSelector,
        IDictionary<string, string>? values = null, string? action = null)
    {
        var (form, fields) = Fields(page, formSelector, values);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        return await client.PostAsync(action ?? form.GetAttribute("action")!, content);
    }

    // Where a GET form of the page leads: `path` (the page's own) unless the form names an action, with its fields as the query.
    public static string GetFormUrl(this IDocument page, string formSelector, string path, IDictionary<string, string>? values = null)
    {
        var (form, fields) = Fields(page, formSelector, values);
        var action = form.GetAttribute("action");
        var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        return (string.IsNullOrEmpty(action) ? path : action) + (query.Length > 0 ? "?" + query : "");
    }

    static (IElement Form, List<(string Name, string Value)> Fields) Fields(IDocument page, string formSelector, IDictionary<string, string>? values)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"The page has no form {formSelector}.");
        var fields = new List<(string Name, string Value)>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            switch (input.LocalName)
            {
                case "textarea":
                    fields.Add((name, input.TextContent));
                    break;
                case "select":
                    var selected = input.QuerySelector("option[selected]") ?? input.QuerySelector("option");
                    fields.Add((name, selected?.GetAttribute("value") ?? ""));
                    break;
                default:
                    var type = input.GetAttribute("type") ?? "text";
                    if (type is "checkbox" or "radio" && !input.HasAttribute("checked"))
                        break;
                    if (type is "submit" or "file")
                        break;
                    fields.Add((name, input.GetAttribute("value") ?? ""));
                    break;
            }
        }
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Name == name);
            fields.Add((name, value));
        }
        return (form, fields);
    }

    public static string? FieldError(this IDocument page, string id) =>
        page.QuerySelector($"#{id}-error")?.TextContent.Trim();
}

public static class Samples
{
    // A small real photo: uploads are decoded and encoded again before they are stored.
    public static readonly byte[] Jpeg = Complaints.Tests.Files.TestImages.Encode(40, 30);
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
