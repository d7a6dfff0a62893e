using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// GET /open311/v2/requests: filters, the default window, the public fields and privacy.
public abstract class Open311RequestsTests(DatabaseKind kind) : Open311Test(kind)
{
    const string List = "/open311/v2/requests.json?jurisdiction_id=sefrou";

    static string[] References(JsonElement requests) =>
        requests.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).ToArray();

    async Task MoveAsync(string reference, Action<Complaint, Service, DateTime> move)
    {
        App.Clock.Advance(TimeSpan.FromHours(1));
        await App.WithDbAsync(async db =>
        {
            var complaint = await db.Complaints.SingleAsync(c => c.Reference == reference);
            var roads = await db.Services.SingleAsync(s => s.CommuneId == complaint.CommuneId && s.Code == "voirie");
            move(complaint, roads, App.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_list_is_newest_first_and_filters_by_status_service_and_id()
    {
        var (roads, _) = await FileAsync(Request(service: "voirie"));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (waste, _) = await FileAsync(Request(service: "proprete"));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (lights, _) = await FileAsync(Request(service: "eclairage-public"));
        await FileAsync(Request(commune: "safi"));
        await MoveAsync(waste, (c, _, at) => c.Reject(RejectionReason.OutsideRemit, "Relève de la régie.", "cell", at));

        Assert.Equal([lights, waste, roads], References(await GetJsonAsync(List)));
        Assert.Equal([waste], References(await GetJsonAsync(List + "&status=closed")));
        Assert.Equal([lights, roads], References(await GetJsonAsync(List + "&status=open")));
        Assert.Equal([lights, waste, roads], References(await GetJsonAsync(List + "&status=open,closed")));
        Assert.Equal([roads], References(await GetJsonAsync(List + "&service_code=voirie")));
        Assert.Equal([lights, roads], References(await GetJsonAsync(List + $"&service_request_id={roads},{lights.ToLowerInvariant()},SAF-2026-000001")));
        Assert.Contains("status", ErrorDescription(await GetJsonAsync(List + "&status=pending", HttpStatusCode.BadRequest), 400));
    }

    [Fact]
    public async Task By_default_only_the_last_90_days_are_listed_and_dates_widen_or_narrow_it()
    {
        var (old, _) = await FileAsync(Request());
        App.Clock.Advance(TimeSpan.FromDays(91));
        var (recent, _) = await FileAsync(Request());

        Assert.Equal([recent], References(await GetJsonAsync(List)));
        Assert.Equal([recent, old], References(await GetJsonAsync(List + "&start_date=2026-03-01T00:00:00Z")));
        // 10:31 Moroccan time is after the first filing (09:30 UTC) even in Ramadan's UTC+0.
        Assert.Equal([old], References(await GetJsonAsync(List + "&start_date=2026-03-01T00:00:00Z&end_date="
            + Uri.EscapeDataString("2026-03-10T10:31:00+01:00"))));
        // A '+' the client forgot to encode arrives as a space and is still understood.
        Assert.Empty(References(await GetJsonAsync(List + "&start_date=2026-03-01T00:00:00Z&end_date=2026-03-10T10:29:00+01:00")));
        Assert.Contains("start_date", ErrorDescription(await GetJsonAsync(List + "&start_date=yesterday", HttpStatusCode.BadRequest), 400));
    }

    [Fact]
    public async Task One_request_is_a_one_element_list_with_its_public_fields()
    {
        var (reference, _) = await FileAsync(Request(extra: [("attribute[consent_to_publish]", "true"), ("address_string", "Rue de la Poste")]));
        var one = await GetJsonAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou");
        var request = Assert.Single(one.EnumerateArray());
        Assert.Equal(reference, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("received", request.GetProperty("extended_attributes").GetProperty("detailed_status").GetString());
        Assert.Equal("voirie", request.GetProperty("service_code").GetString());
        Assert.Equal("Voirie et trottoirs", request.GetProperty("service_name").GetString());
        Assert.Equal("Un nid-de-poule profond devant l'école primaire.", request.GetProperty("description").GetString());
        Assert.Equal("Rue de la Poste", request.GetProperty("address").GetString());
        Assert.Equal(33.83, request.GetProperty("lat").GetDouble());
        Assert.Equal(-4.835, request.GetProperty("long").GetDouble());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("agency_responsible").ValueKind);
        Assert.Equal(App.Clock.GetUtcNow(), DateTimeOffset.Parse(request.GetProperty("requested_datetime").GetString()!));
        Assert.Equal("2026-05-09T23:59:59+01:00", request.GetProperty("expected_datetime").GetString());
        Assert.Contains("09/05/2026", request.GetProperty("service_notice").GetString());

        Assert.Contains("SEF-2026-000099", ErrorDescription(
            await GetJsonAsync("/open311/v2/requests/SEF-2026-000099.json?jurisdiction_id=sefrou", HttpStatusCode.NotFound), 404));
        // A reference is found only under its own commune.
        Assert.Contains("is not a request of jurisdiction 'safi'", ErrorDescription(
            await GetJsonAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=safi", HttpStatusCode.NotFound), 404));
        // The commune code is read as the other endpoints read it; an unknown or missing one is said as such.
        Assert.Equal(reference, (await GetJsonAsync($"/open311/v2/requests/{reference.ToLowerInvariant()}.json?jurisdiction_id=%20SEFROU%20"))[0]
            .GetProperty("service_request_id").GetString());
        Assert.Contains("not a known commune", ErrorDescription(
            await GetJsonAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=nowhere", HttpStatusCode.NotFound), 404));
        Assert.Contains("jurisdiction_id is required", ErrorDescription(
            await GetJsonAsync($"/open311/v2/requests/{reference}.json", HttpStatusCode.BadRequest), 400));
    }

    [Fact]
    public async Task Moves_show_as_open_or_closed_with_the_detailed_status_and_the_latest_public_message()
    {
        var (reference, _) = await FileAsync(Request());
        async Task<JsonElement> Current() => (await GetJsonAsync($"/open311/v2/requests/{reference}.json?jurisdiction_id=sefrou"))[0];

        await MoveAsync(reference, (c, roads, at) => c.Assign(roads, "Voir avec l'entreprise Y.", "cell", at));
        await MoveAsync(reference, (c, _, at) => c.StartProgress("agent", at));
        var started = await Current();
        Assert.Equal("open", started.GetProperty("status").GetString());
        Assert.Equal("in_progress", started.GetProperty("extended_attributes").GetProperty("detailed_status").GetString());
        Assert.Equal("Service de la voirie", started.GetProperty("agency_responsible").GetString());
        // The service is named by agency_responsible in the reader's language, not repeated as a note.
        Assert.Equal(JsonValueKind.Null, started.GetProperty("status_notes").ValueKind);
        Assert.Equal(App.Clock.GetUtcNow(), DateTimeOffset.Parse(started.GetProperty("updated_datetime").GetString()!));

        await MoveAsync(reference, (c, _, at) => c.Respond("Le trou sera rebouché lundi.", definitive: true, "agent", at));
        await MoveAsync(reference, (c, _, at) => c.AddNote("Note interne : budget épuisé.", "agent", at));
        var answered = await Current();
        Assert.Equal("closed", answered.GetProperty("status").GetString());
        Assert.Equal("answered", answered.GetProperty("extended_attributes").GetProperty("detailed_status").GetString());
        Assert.Equal("Le trou sera rebouché lundi.", answered.GetProperty("status_notes").GetString());

        await MoveAsync(reference, (c, _, at) => c.Reopen("Le trou est toujours là.", "cell", at, LegalClock.Default));
        await MoveAsync(reference, (c, _, at) => c.RequestInformation("Le trou est-il toujours dangereux ?", "cell", at));
        await MoveAsync(reference, (c, _, at) => c.AddCitizenInformation("Oui, ma voiture y est tombée, appelez-moi.", at, LegalClock.Default));
        var reopened = await Current();
        // The citizen's own words are theirs: never published as a status note.
        Assert.Equal("Le trou est-il toujours dangereux ?", reopened.GetProperty("status_notes").GetString());
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        Assert.Equal("reopened", reopened.GetProperty("extended_attributes").GetProperty("detailed_status").GetString());

        var (rejected, _) = await FileAsync(Request());
        await MoveAsync(rejected, (c, _, at) => c.Reject(RejectionReason.BeforeCourtOrJudged, "Affaire devant le tribunal.", "cell", at));
        await MoveAsync(rejected, (c, _, at) => c.Close("Classée.", "cell", at));
        var closed = (await GetJsonAsync($"/open311/v2/requests/{rejected}.json?jurisdiction_id=sefrou"))[0];
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("closed", closed.GetProperty("extended_attributes").GetProperty("detailed_status").GetString());
    }

    [Fact]
    public async Task Without_consent_no_description_address_or_position_and_never_who_filed_in_json_or_xml()
    {
        (string, string)[] person = [("first_name", "Zineb"), ("last_name", "Benjelloun"), ("email", "zineb.b@example.test"), ("phone", "0612345678")];
        var (secret, _) = await FileAsync(Request(extra: [.. person, ("address_string", "12 derb Sidi Ali"), ("description", "Le voisin du 12 jette ses déblais.")]));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        // Consent publishes the text, but a name, e-mail or phone typed into it is still hidden.
        var (published, _) = await FileAsync(Request(extra: [.. person, ("attribute[consent_to_publish]", "true"), ("lat", "34.01"), ("long", "-5.01"),
            ("description", "Gravats devant chez moi, appelez Zineb au 06 12 34 56 78 ou zineb.b@example.test")]));

        var client = App.CreateClient();
        var json = await client.GetStringAsync(List);
        var xml = await client.GetStringAsync("/open311/v2/requests.xml?jurisdiction_id=sefrou");
        foreach (var body in new[] { json, xml, await client.GetStringAsync($"/open311/v2/requests/{secret}.xml?jurisdiction_id=sefrou") })
        {
            foreach (var personal in new[] { "Zineb", "Benjelloun", "zineb.b@example.test", "0612345678", "06 12 34 56 78", "déblais", "derb Sidi Ali", "33.83" })
                Assert.DoesNotContain(personal, body, StringComparison.OrdinalIgnoreCase);
        }

        var requests = JsonDocument.Parse(json).RootElement;
        var hidden = requests.EnumerateArray().Single(r => r.GetProperty("service_request_id").GetString() == secret);
        foreach (var field in new[] { "description", "address", "lat", "long" })
            Assert.Equal(JsonValueKind.Null, hidden.GetProperty(field).ValueKind);
        var shown = requests.EnumerateArray().Single(r => r.GetProperty("service_request_id").GetString() == published);
        Assert.StartsWith("Gravats devant chez moi, appelez [", shown.GetProperty("description").GetString());

        var request = XDocument.Parse(xml).Root!.Elements("request").Single(r => r.Element("service_request_id")!.Value == secret);
        Assert.Equal("", request.Element("description")!.Value);
        Assert.Equal("received", request.Element("extended_attributes")!.Element("detailed_status")!.Value);
    }

    public sealed class OnSqlite() : Open311RequestsTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311RequestsTests(DatabaseKind.Postgres);
}
