using System.Net;
using System.Net.Http.Json;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages;

// A platform started without the demo communes (Seed:Demo=false): every page answers before the first commune is
// opened, and the platform administrator opens it from there.
public abstract class EmptyPlatformPagesTests(DatabaseKind kind) : AppTest(kind)
{
    protected override Dictionary<string, string?> Settings => new() { ["Seed:Demo"] = "false" };

    protected override bool Seeded => false;

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Citizen_and_staff_pages_answer_with_no_commune_at_all(string language)
    {
        var citizen = App.Browser(language);
        var home = await citizen.GetPageAsync("/");
        Assert.Empty(home.QuerySelectorAll("ul.communes a"));
        foreach (var url in new[] { "/figures", "/track" })
            Assert.True((await citizen.GetAsync(url)).StatusCode == HttpStatusCode.OK, url);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/sefrou/file")).StatusCode);

        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync(), language);
        foreach (var url in new[]
        {
            "/staff", "/staff/dashboard", "/staff/intake", "/staff/report", "/staff/account",
            "/staff/admin/communes", "/staff/admin/users", "/staff/admin/templates", "/staff/admin/deadlines", "/staff/admin/privacy",
            "/staff/admin/notifications", "/staff/admin/outbox", "/staff/admin/rights", "/staff/admin/holidays",
            "/staff/admin/categories", "/staff/admin/services", "/staff/admin/districts", "/staff/admin/questions",
            "/staff/admin/api-keys", "/staff/admin/audit", "/staff/admin/import",
        })
        {
            var response = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
        var api = await App.ApiAsync(await App.PlatformAdminAsync(), language);
        Assert.Equal("[]", await (await api.GetAsync("/api/v1/communes")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/complaints")).StatusCode);
    }

    [Fact]
    public async Task The_first_commune_opened_takes_filings_at_once()
    {
        var api = await App.ApiAsync(await App.PlatformAdminAsync());
        var created = await api.PostAsJsonAsync("/api/v1/communes", new { code = "ifrane", nameFr = "Ifrane", nameAr = "إفران", referencePrefix = "IFR", template = "standard" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var citizen = App.Browser("fr");
        Assert.NotNull((await citizen.GetPageAsync("/")).QuerySelector("a[href='/ifrane/file']"));
        var filed = await citizen.PostFormAsync("/ifrane/file", await citizen.GetPageAsync("/ifrane/file"), Samples.Complaint());
        Assert.StartsWith("/receipt/IFR-2026-000001", filed.Headers.Location!.OriginalString);
    }

    public sealed class OnSqlite() : EmptyPlatformPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : EmptyPlatformPagesTests(DatabaseKind.Postgres);
}
