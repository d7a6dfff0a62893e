using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Privacy;

// Who is shown which of the complainant's data (StaffScope.Sees), alike on the complaint page, in the API and in the
// exports; and no response that carries it is kept by a cache.
public abstract class PersonalDataReadersTests(DatabaseKind kind) : AppTest(kind)
{
    const string Address = "12 rue des Orangers";

    async Task<string> FiledAndWithLightingAsync()
    {
        var filed = await App.FileAsync(files: [("trou.jpg", Samples.Jpeg)]);
        var reference = filed.Complaint.Reference;
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Complaints" SET "Address" = {Address}, "Latitude" = 33.83, "Longitude" = -4.83 WHERE "Reference" = {reference}"""));
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.AssignAsync(s, reference, null, "eclairage", null, CancellationToken.None));
        return reference;
    }

    Task<int> ReadingsAsync() =>
        App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ReadPersonalData));

    static void NotCached(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {response.StatusCode}");
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task A_service_agent_gets_names_phone_address_and_files_but_not_the_email_on_the_page_the_api_and_the_export()
    {
        var reference = await FiledAndWithLightingAsync();
        var member = await App.CreateAsync(Roles.ServiceAgent, service: "eclairage");
        var browser = await App.StaffBrowserAsync(member);

        var page = await browser.GetPageAsync($"/staff/complaints/{reference}");
        var who = page.QuerySelector("section.complainant")!.TextContent;
        Assert.Contains("Benali", who);
        Assert.Contains("0612345678", who);
        Assert.DoesNotContain("amina@example.test", page.Body!.TextContent);
        Assert.Contains(Address, page.Body.TextContent);
        Assert.NotNull(page.QuerySelector("ul.attachments a"));
        Assert.Equal(1, await ReadingsAsync());

        var c = JsonDocument.Parse(await (await App.ApiAsync(member)).GetStringAsync($"/api/v1/complaints/{reference}")).RootElement;
        var complainant = c.GetProperty("complainant");
        Assert.Equal("Benali", complainant.GetProperty("lastName").GetString());
        Assert.Equal("0612345678", complainant.GetProperty("phone").GetString());
        Assert.Equal(JsonValueKind.Null, complainant.GetProperty("email").ValueKind);
        Assert.Equal(Address, c.GetProperty("address").GetString());
        Assert.Equal(1, c.GetProperty("attachments").GetArrayLength());
        Assert.Equal(2, await ReadingsAsync());

        var csv = await (await browser.GetAsync("/staff/export?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("Benali", csv);
        Assert.Contains(Address, csv);
        Assert.DoesNotContain("amina@example.test", csv);
        Assert.Equal(3, await ReadingsAsync());

        // Searching by e-mail would tell a hidden address: a service agent's search looks at no contact at all.
        var list = JsonDocument.Parse(await (await App.ApiAsync(member)).GetStringAsync("/api/v1/complaints?q=amina@example")).RootElement;
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_observer_gets_neither_who_nor_where_nor_the_files_and_no_reading_is_written()
    {
        var reference = await FiledAndWithLightingAsync();
        var member = await App.CreateAsync(Roles.Observer);
        var browser = await App.StaffBrowserAsync(member);

        var page = await browser.GetPageAsync($"/staff/complaints/{reference}");
        Assert.DoesNotContain(Address, page.Body!.TextContent);
        Assert.DoesNotContain("33.83", page.Body.TextContent);
        Assert.Null(page.QuerySelector("ul.attachments a"));

        var c = JsonDocument.Parse(await (await App.ApiAsync(member)).GetStringAsync($"/api/v1/complaints/{reference}")).RootElement;
        Assert.Equal(JsonValueKind.Null, c.GetProperty("complainant").ValueKind);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("address").ValueKind);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("latitude").ValueKind);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("attachments").ValueKind);
        Assert.Contains("nid-de-poule", c.GetProperty("description").GetString());

        var csv = await (await browser.GetAsync("/staff/export?format=csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Address, csv);
        Assert.DoesNotContain("Benali", csv);
        Assert.Equal(0, await ReadingsAsync());
    }

    [Fact]
    public async Task Every_response_that_carries_personal_data_is_sent_no_store()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(), [("photos", "trou.jpg", Samples.Jpeg)]);
        var receipt = filed.Headers.Location!.OriginalString;
        NotCached(await citizen.GetAsync(receipt));
        var reference = (await citizen.GetPageAsync(receipt)).QuerySelector(".reference")!.TextContent;
        NotCached(await citizen.GetAsync($"/track/{reference}"));

        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var browser = await App.StaffBrowserAsync(cell);
        NotCached(await browser.GetAsync("/staff"));
        NotCached(await browser.GetAsync($"/staff/complaints/{reference}"));
        var link = (await browser.GetPageAsync($"/staff/complaints/{reference}")).QuerySelector("ul.attachments a")!.GetAttribute("href")!;
        NotCached(await browser.GetAsync(link));
        NotCached(await browser.GetAsync("/staff/export?format=csv"));
        NotCached(await browser.GetAsync("/staff/export?format=xlsx"));

        var api = await App.ApiAsync(cell);
        NotCached(await api.GetAsync("/api/v1/complaints"));
        var c = await api.GetFromJsonAsync<JsonElement>($"/api/v1/complaints/{reference}");
        NotCached(await api.GetAsync($"/api/v1/complaints/{reference}"));
        var id = c.GetProperty("attachments")[0].GetProperty("id").GetInt64();
        NotCached(await api.GetAsync($"/api/v1/complaints/{reference}/attachments/{id}"));

        // The published figures hold no personal data and may be cached.
        var figures = await App.CreateClient().GetAsync("/api/v1/public/stats");
        Assert.NotEqual(true, figures.Headers.CacheControl?.NoStore);
    }

    public sealed class OnSqlite() : PersonalDataReadersTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : PersonalDataReadersTests(DatabaseKind.Postgres);
}
