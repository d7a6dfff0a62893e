using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Complaints.Tests.Api;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Api;
using Complaints.Web.Audit;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

// /staff/admin/api-keys: a commune's Open311 keys, issued and revoked by its administrators without script.
public abstract class ApiKeyPagesTests(DatabaseKind kind) : Open311Test(kind)
{
    // Issues a key through the page's form; answers the page that shows it.
    static async Task<IDocument> IssueAsync(HttpClient browser, string name, string url = "/staff/admin/api-keys")
    {
        var page = await browser.GetPageAsync(url);
        var response = await browser.SubmitAsync(page, "#issue-form", new Dictionary<string, string> { ["Name"] = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        return await response.ParseAsync();
    }

    static Dictionary<string, string> Filing(string key, string commune = "sefrou") =>
        Request(commune, extra: ("api_key", key));

    [Fact]
    public async Task A_key_issued_on_the_page_is_shown_once_files_shows_its_last_use_and_stops_at_once_when_revoked()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var browser = await App.SignedInAsync(admin);

        var issued = await IssueAsync(browser, "Portail citoyen");
        Assert.Equal("Clé « Portail citoyen » créée", issued.QuerySelector("#issued-title")!.TextContent);
        var key = issued.QuerySelector("code.api-key")!.TextContent;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        var stored = await App.WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "Portail citoyen"));
        Assert.Equal(ApiKeys.Hash(key), stored.KeyHash);

        // Never again: not on the list, not in the database.
        var list = await browser.GetAsync("/staff/admin/api-keys");
        var listed = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listed);
        var row = (await list.ParseAsync()).QuerySelector($"tr[data-key='{stored.Id}']")!;
        Assert.Contains("Portail citoyen", row.TextContent);
        Assert.Contains(admin.Email, row.QuerySelector(".created")!.TextContent);
        Assert.Equal("Jamais", row.QuerySelector(".last-used")!.TextContent.Trim());
        Assert.Equal("Active", row.QuerySelector(".state")!.TextContent.Trim());

        var first = await FileAsync(Filing(key));
        Assert.StartsWith("SEF-", first.Reference);
        var firstUse = App.Clock.GetUtcNow().UtcDateTime;
        var page = await browser.GetPageAsync("/staff/admin/api-keys");
        Assert.Equal(Display.DateTime(firstUse), page.QuerySelector($"tr[data-key='{stored.Id}'] .last-used")!.TextContent.Trim());

        // The confirmation is a page of its own: until its button, the key still files.
        var confirm = await browser.GetPageAsync(page.GetFormUrl($"tr[data-key='{stored.Id}'] form", "/staff/admin/api-keys"));
        Assert.Equal("Révoquer la clé « Portail citoyen » ?", confirm.QuerySelector("#revoke-form h2")!.TextContent);
        await FileAsync(Filing(key));

        var revoked = await browser.SubmitAsync(confirm, "#revoke-form");
        Assert.Equal("/staff/admin/api-keys", revoked.Target());
        var after = await browser.GetPageAsync(revoked.Target());
        Assert.Equal("La clé « Portail citoyen » est révoquée : elle ne permet plus de déposer.", after.QuerySelector(".notice")!.TextContent);
        Assert.Contains("Révoquée", after.QuerySelector($"tr[data-key='{stored.Id}'] .state")!.TextContent);
        Assert.Null(after.QuerySelector($"tr[data-key='{stored.Id}'] form"));

        var refused = await PostAsync(Filing(key));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("api_key is missing, unknown or revoked", ErrorDescription(JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement, 403));

        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("api-key")).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.ApiKeyIssued, AuditActions.ApiKeyRevoked], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(admin.Email, a.Actor));
        Assert.All(audit, a => Assert.DoesNotContain(key, a.Details));
    }

    [Fact]
    public async Task The_last_use_is_written_at_most_once_an_hour()
    {
        var browser = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var key = (await IssueAsync(browser, "Application mobile")).QuerySelector("code.api-key")!.TextContent;
        async Task<DateTime?> LastUseAsync() => await App.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "Application mobile").Select(k => k.LastUsedAt).SingleAsync());

        await FileAsync(Filing(key));
        var first = App.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(first, await LastUseAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(59));
        await FileAsync(Filing(key));
        Assert.Equal(first, await LastUseAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await FileAsync(Filing(key));
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, await LastUseAsync());
    }

    [Fact]
    public async Task A_key_files_only_in_its_own_commune()
    {
        var browser = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var key = (await IssueAsync(browser, "Portail")).QuerySelector("code.api-key")!.TextContent;

        var elsewhere = await PostAsync(Filing(key, commune: "kenitra"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal("this api_key may not file requests in jurisdiction 'kenitra'",
            ErrorDescription(JsonDocument.Parse(await elsewhere.Content.ReadAsStringAsync()).RootElement, 403));
        Assert.Equal(0, await App.CountComplaintsAsync());
        await FileAsync(Filing(key));
    }

    [Fact]
    public async Task A_platform_administrator_picks_the_commune_and_issues_there()
    {
        var browser = await App.SignedInAsync(await App.PlatformAdminAsync());
        var none = await browser.GetPageAsync("/staff/admin/api-keys");
        Assert.NotNull(none.QuerySelector("select#commune"));
        Assert.Null(none.QuerySelector("#issue-form"));

        var key = (await IssueAsync(browser, "Portail régional", "/staff/admin/api-keys?commune=kenitra")).QuerySelector("code.api-key")!.TextContent;
        var kenitra = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "kenitra"));
        Assert.Equal(kenitra.Id, await App.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "Portail régional").Select(k => k.CommuneId).SingleAsync()));
        await FileAsync(Request("kenitra", "voirie", ("api_key", key)));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Filing(key))).StatusCode);
    }

    [Fact]
    public async Task Another_communes_administrator_cannot_see_or_revoke_its_keys_and_a_cell_member_is_denied()
    {
        var sefrou = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var key = (await IssueAsync(sefrou, "Portail")).QuerySelector("code.api-key")!.TextContent;
        var id = await App.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "Portail").Select(k => k.Id).SingleAsync());

        var kenitra = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var own = await kenitra.GetPageAsync("/staff/admin/api-keys");
        Assert.Empty(own.QuerySelectorAll("tr[data-key]"));
        Assert.StartsWith("/staff/denied", (await kenitra.GetAsync("/staff/admin/api-keys?commune=sefrou")).Target());
        Assert.Equal(HttpStatusCode.NotFound, (await kenitra.GetAsync($"/staff/admin/api-keys?revoke={id}")).StatusCode);
        var forged = await kenitra.PostFormAsync("/staff/admin/api-keys?handler=Revoke", own, new Dictionary<string, string> { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        await FileAsync(Filing(key));

        var cell = await App.SignedInAsync(await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        Assert.StartsWith("/staff/denied", (await cell.GetAsync("/staff/admin/api-keys")).Target());
    }

    [Fact]
    public async Task A_key_needs_a_name_and_the_page_reads_in_Arabic_right_to_left()
    {
        var browser = await App.SignedInAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), "ar");
        var page = await browser.GetPageAsync("/staff/admin/api-keys");
        Assert.Equal("rtl", page.Dir());
        var response = await browser.SubmitAsync(page, "#issue-form", new Dictionary<string, string> { ["Name"] = "  " });
        var refused = await response.ParseAsync();
        Assert.Equal("أدخلوا اسماً للمفتاح.", refused.FieldError("Name"));
        Assert.Null(refused.QuerySelector("code.api-key"));
        Assert.False(await App.WithDbAsync(db => db.ApiKeys.AnyAsync(k => k.CommuneId != null)));
    }

    public sealed class OnSqlite() : ApiKeyPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ApiKeyPagesTests(DatabaseKind.Postgres);
}
