using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Api;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Api;

// POST /open311/v2/requests: who may file, what is filed, and how a bad request is told.
public abstract class Open311FilingTests(DatabaseKind kind) : Open311Test(kind)
{
    [Fact]
    public async Task A_post_files_an_api_complaint_with_a_reference_and_a_working_access_code()
    {
        var response = await PostAsync(Request(extra:
        [
            ("first_name", "Zineb"), ("last_name", "Benjelloun"), ("email", "zineb@example.test"), ("phone", "0612345678"),
            ("attribute[kind]", "suggestion"), ("attribute[district]", "d2"), ("attribute[consent_to_publish]", "true"),
            ("attribute[language]", "ar"),
        ]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var filed = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal("SEF-2026-000001", filed.GetProperty("service_request_id").GetString());
        Assert.Equal(JsonValueKind.Null, filed.GetProperty("account_id").ValueKind);
        // The legal deadline is told in the language the citizen chose: 60 days after 10 March.
        Assert.Contains("09/05/2026", filed.GetProperty("service_notice").GetString());
        Assert.Contains("المرسوم", filed.GetProperty("service_notice").GetString());
        var code = filed.GetProperty("access_code").GetString()!;

        var complaint = await App.WithDbAsync(db => db.Complaints.Include(c => c.Category).Include(c => c.District).Include(c => c.Timeline)
            .SingleAsync(c => c.Reference == "SEF-2026-000001"));
        Assert.Equal(Channel.Api, complaint.Channel);
        Assert.Equal(ComplaintStatus.Received, complaint.Status);
        Assert.Equal("voirie", complaint.Category!.Code);
        Assert.Equal("d2", complaint.District!.Code);
        Assert.Equal(ComplaintKind.Suggestion, complaint.Kind);
        Assert.True(complaint.ConsentToPublish);
        Assert.Equal("ar", complaint.Language);
        Assert.Equal(33.83, complaint.Latitude);
        Assert.Equal("zineb@example.test", complaint.Complainant.Email);
        Assert.Equal("open311:bootstrap", Assert.Single(complaint.Timeline).Actor);
        Assert.True(App.Services.GetRequiredService<AccessCodeKey>().Verify(code, complaint.AccessCodeHash));
    }

    [Fact]
    public async Task Without_attributes_it_is_a_private_complaint_in_the_readers_language()
    {
        var (reference, _) = await FileAsync(Request(extra: [("address_string", "Avenue Hassan II")]));
        var complaint = await App.WithDbAsync(db => db.Complaints.SingleAsync(c => c.Reference == reference));
        Assert.Equal(ComplaintKind.Complaint, complaint.Kind);
        Assert.False(complaint.ConsentToPublish);
        Assert.Equal("fr", complaint.Language);
        Assert.Equal("Avenue Hassan II", complaint.Address);
    }

    [Fact]
    public async Task A_post_in_xml_answers_a_service_requests_document()
    {
        var response = await PostAsync(Request(commune: "kenitra"), fmt: "xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var request = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("request")!;
        Assert.Equal("KEN-2026-000001", request.Element("service_request_id")!.Value);
        Assert.Equal(8, request.Element("access_code")!.Value.Length);
    }

    [Fact]
    public async Task Without_a_valid_api_key_nothing_is_filed_and_the_answer_is_403()
    {
        var missing = Request();
        missing.Remove("api_key");
        var wrong = Request(extra: [("api_key", "not-the-key")]);
        foreach (var fields in new[] { missing, wrong })
        {
            var response = await PostAsync(fields);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("api_key", ErrorDescription(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, 403));
        }
        var xml = await PostAsync(wrong, fmt: "xml");
        Assert.Equal(HttpStatusCode.Forbidden, xml.StatusCode);
        Assert.Equal("403", XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_revoked_key_or_a_key_of_another_commune_is_refused()
    {
        await App.WithDbAsync(async db =>
        {
            var safi = await db.Communes.SingleAsync(c => c.Code == "safi");
            db.ApiKeys.Add(new ApiKey { Name = "safi-app", KeyHash = ApiKeys.Hash("safi-only-key"), CommuneId = safi.Id });
            db.ApiKeys.Add(new ApiKey { Name = "old-app", KeyHash = ApiKeys.Hash("revoked-key"), Revoked = true });
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Request(extra: [("api_key", "revoked-key")]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Request(extra: [("api_key", "safi-only-key")]))).StatusCode);
        Assert.Equal(0, await App.CountComplaintsAsync());

        var (reference, _) = await FileAsync(Request(commune: "safi", extra: [("api_key", "safi-only-key")]));
        Assert.Equal("SAF-2026-000001", reference);
        Assert.Equal("open311:safi-app", await App.WithDbAsync(db =>
            db.TimelineEntries.Select(t => t.Actor).SingleAsync()));
    }

    [Fact]
    public async Task A_missing_or_unknown_jurisdiction_is_400_or_404()
    {
        var missing = Request();
        missing.Remove("jurisdiction_id");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(missing)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Request(commune: "atlantis"))).StatusCode);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task An_unknown_service_code_is_400_naming_it()
    {
        var response = await PostAsync(Request(service: "parking"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("service_code", ErrorDescription(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, 400));
    }

    [Fact]
    public async Task Every_bad_field_is_described_and_nothing_is_filed()
    {
        var response = await PostAsync(Request(extra: [("description", "  "), ("email", "not-an-email"), ("phone", "12")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("code").GetInt32(), e.GetProperty("description").GetString()!)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal(400, e.Item1));
        Assert.Contains(errors, e => e.Item2.StartsWith("description "));
        Assert.Contains(errors, e => e.Item2.StartsWith("email "));
        Assert.Contains(errors, e => e.Item2.StartsWith("phone "));
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task Bad_attributes_and_coordinates_are_400_naming_them()
    {
        var response = await PostAsync(Request(extra: [("attribute[kind]", "praise"), ("attribute[consent_to_publish]", "maybe"), ("lat", "north")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var descriptions = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("description").GetString()!).ToList();
        Assert.Contains(descriptions, d => d.StartsWith("attribute[kind]"));
        Assert.Contains(descriptions, d => d.StartsWith("attribute[consent_to_publish]"));
        Assert.Contains(descriptions, d => d.StartsWith("lat "));

        var district = await PostAsync(Request(extra: [("attribute[district]", "d99")]));
        Assert.Equal(HttpStatusCode.BadRequest, district.StatusCode);
        Assert.StartsWith("attribute[district]", ErrorDescription(JsonDocument.Parse(await district.Content.ReadAsStringAsync()).RootElement, 400));
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    // A multipart body whose parts use another boundary than the one declared: refused as a bad form, not a 500.
    [Fact]
    public async Task A_form_body_that_cannot_be_read_is_refused_with_400()
    {
        var body = new StringContent("--other\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + ApiKey + "\r\n--other--\r\n");
        body.Headers.Remove("Content-Type");
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=declared");
        var response = await App.CreateClient().PostAsync("/open311/v2/requests.json", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal(400, error.GetProperty("code").GetInt32());
    }

    public sealed class OnSqlite() : Open311FilingTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311FilingTests(DatabaseKind.Postgres);
}
