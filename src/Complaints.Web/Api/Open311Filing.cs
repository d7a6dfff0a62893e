using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Questions;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

// POST /open311/v2/requests.{fmt}: an Open311 client files on a citizen's behalf through the one
// filing service, so the reference, deadlines and access code are those of every other channel.
public static class Open311Filing
{
    // The form a client posts (read field by field, so that every bad one is named in the client's words).
    public sealed record Open311NewRequest(
        [property: JsonPropertyName("api_key")] string ApiKey,
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("jurisdiction_id"), Description("The commune code; may be given in the query instead.")] string? JurisdictionId = null,
        [property: JsonPropertyName("lat")] double? Lat = null,
        [property: JsonPropertyName("long")] double? Long = null,
        [property: JsonPropertyName("address_string")] string? AddressString = null,
        [property: JsonPropertyName("email")] string? Email = null,
        [property: JsonPropertyName("phone")] string? Phone = null,
        [property: JsonPropertyName("first_name")] string? FirstName = null,
        [property: JsonPropertyName("last_name")] string? LastName = null,
        [property: JsonPropertyName("attribute[kind]"), Description("observation, suggestion or complaint (the default)")] string? Kind = null,
        [property: JsonPropertyName("attribute[district]")] string? District = null,
        [property: JsonPropertyName("attribute[consent_to_publish]"), Description("true or false (the default)")] string? ConsentToPublish = null,
        [property: JsonPropertyName("attribute[language]"), Description("fr or ar")] string? Language = null);

    public sealed record Open311FiledRequest(
        [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
        [property: JsonPropertyName("service_notice")] string ServiceNotice,
        [property: JsonPropertyName("account_id")] string? AccountId,
        // Our extension: with the reference, it opens the complaint's private page.
        [property: JsonPropertyName("access_code")] string AccessCode);

    // Filing field → Open311 parameter, so every error names what the client sent.
    static readonly Dictionary<string, string> Parameters = new()
    {
        ["Category"] = "service_code",
        ["District"] = "attribute[district]",
        ["Description"] = "description",
        ["Address"] = "address_string",
        ["FirstName"] = "first_name",
        ["LastName"] = "last_name",
        ["Email"] = "email",
        ["Phone"] = "phone",
        ["Latitude"] = "lat",
        ["Longitude"] = "long",
    };

    static readonly Dictionary<string, string> Messages = new()
    {
        ["error.category.required"] = "is required",
        ["error.category.unknown"] = "is not a service of this jurisdiction",
        ["error.district.unknown"] = "is not a district of this jurisdiction",
        ["error.description.required"] = "is required",
        ["error.description.short"] = $"must be at least {Limits.DescriptionMin} characters long",
        ["error.description.long"] = $"must be at most {Limits.DescriptionMax} characters long",
        ["error.address.long"] = $"must be at most {Limits.AddressMax} characters long",
        ["error.name.long"] = $"must be at most {Limits.NameMax} characters long",
        ["error.email.invalid"] = "is not a valid e-mail address",
        ["error.phone.invalid"] = "is not a valid phone number",
        ["error.location.invalid"] = "is out of range",
        ["error.answer.required"] = "is required",
        ["error.answer.number"] = "must be a number",
        ["error.answer.choice"] = "must be one of the values the service definition lists",
        ["error.answer.long"] = $"must be at most {Limits.AnswerMax} characters long",
    };

    public static async Task<IResult> FileAsync(string fmt, HttpRequest http, ApiKeys keys, ComplaintFiling filing, CancellationToken ct)
    {
        if (!Open311Api.IsFormat(fmt))
            return Open311Api.UnknownFormat();
        if (!http.HasFormContentType)
            return Open311Api.Error(fmt, 400, "the body must be form-encoded (application/x-www-form-urlencoded)");
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A multipart body cut short, with another boundary, or past the form reader's limits.
            return Open311Api.Error(fmt, 400, "the body could not be read as a form");
        }

        string? jurisdiction = form.ContainsKey("jurisdiction_id") ? form["jurisdiction_id"] : http.Query["jurisdiction_id"];
        var code = Open311Api.JurisdictionCode(jurisdiction);
        var (key, found) = await keys.ValidAsync(form["api_key"], code, ct);
        if (key is null)
            return Open311Api.Error(fmt, 403, "api_key is missing, unknown or revoked");
        if (code is null)
            return Open311Api.JurisdictionRequired(fmt);
        var (commune, error) = Open311Api.Found(fmt, code, found, filing: true);
        if (commune is null)
            return error!;
        if (key.CommuneId is { } only && only != commune.Id)
            return Open311Api.Error(fmt, 403, $"this api_key may not file requests in jurisdiction '{commune.Code}'");
        // Used: the key was accepted for this jurisdiction, whether or not the request itself is valid.
        await keys.RecordUseAsync(key, ct);

        var request = new FilingRequest
        {
            Channel = Channel.Api,
            CategoryCode = form["service_code"].ToString().Trim(),
            Description = form["description"],
            Address = form["address_string"],
            FirstName = form["first_name"],
            LastName = form["last_name"],
            Email = form["email"],
            Phone = form["phone"],
            Language = Localization.Current,
        };
        var errors = new List<string>();
        request.Latitude = Coordinate(form, "lat", errors);
        request.Longitude = Coordinate(form, "long", errors);
        if (errors.Count == 0 && request.Latitude is null != request.Longitude is null)
            errors.Add("lat and long must be given together");
        Open311Attributes.Apply(form, request, errors);

        if (errors.Count > 0)
        {
            // Still describe every other bad field, without filing anything.
            var more = new FilingErrors();
            await filing.CheckAsync(commune, request, more, ct);
            return Open311Api.Errors(fmt, 400, errors.Concat(more.Select(Describe)));
        }
        var (filed, filingErrors) = await filing.FileAsync(commune, request, $"open311:{key.Name}", ct);
        if (filed is null)
            return Open311Api.Errors(fmt, 400, filingErrors.Select(Describe));

        var complaint = filed.Complaint;
        var track = $"{http.Scheme}://{http.Host}{http.PathBase}/track";
        return Open311Api.Answer(fmt, "service_requests", new List<Open311FiledRequest>
        {
            new(complaint.Reference, Open311Requests.Notice(complaint.ResponseDueOn, complaint.Language, complaint.Reference, track),
                AccountId: null, filed.AccessCode),
        });
    }

    static double? Coordinate(IFormCollection form, string name, List<string> errors)
    {
        var text = form[name].ToString().Trim();
        if (text.Length == 0)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        errors.Add($"{name} must be a decimal number (WGS84, e.g. 33.83)");
        return null;
    }

    static string Describe(KeyValuePair<string, string> error) =>
        $"{Parameter(error.Key)} {Messages.GetValueOrDefault(error.Value, error.Value)}";

    static string Parameter(string field) => field.StartsWith(QuestionRules.AnswerPrefix, StringComparison.Ordinal)
        ? $"attribute[{field[QuestionRules.AnswerPrefix.Length..]}]"
        : Parameters.GetValueOrDefault(field, field);
}
