using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

// GET /api/v1/audit: the audit reader of the administration pages, with the same filters and reach.
public abstract class AuditApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    static string[] Values(JsonElement list, string field) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(field).GetString()!).ToArray();

    [Fact]
    public async Task Filters_page_and_name_each_row_by_commune_code_and_complaint_reference()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var reference = (await App.FileAsync()).Complaint.Reference;
        var id = await App.ComplaintIdAsync(reference);
        await App.RecordAsync(cell, AuditActions.ReadPersonalData, "sefrou", id, "api", times: 55, step: TimeSpan.FromMinutes(1));
        await App.RecordAsync(cell, AuditActions.Note, "sefrou", id);
        var admin = await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));

        var first = await OkAsync(await admin.GetAsync($"/api/v1/audit?user={Uri.EscapeDataString(cell.Email)}&action=read-personal-data&complaint={reference}&from=2026-03-10&to=2026-03-10"));
        Assert.Equal(55, first.GetProperty("total").GetInt32());
        Assert.Equal(50, first.GetProperty("pageSize").GetInt32());
        var item = first.GetProperty("items")[0];
        Assert.Equal(["id", "at", "actor", "action", "commune", "complaint", "details"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(cell.Email, item.GetProperty("actor").GetString());
        Assert.Equal("sefrou", item.GetProperty("commune").GetString());
        Assert.Equal(reference, item.GetProperty("complaint").GetString());
        Assert.Equal("api 55", item.GetProperty("details").GetString());

        var second = await OkAsync(await admin.GetAsync($"/api/v1/audit?user={Uri.EscapeDataString(cell.Email)}&action=read-personal-data&page=2"));
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(5, second.GetProperty("items").GetArrayLength());
        Assert.Empty(Values(await OkAsync(await admin.GetAsync("/api/v1/audit?action=note&to=2026-03-09")), "action"));
    }

    [Fact]
    public async Task A_commune_administrator_reads_only_their_commune_the_platform_administrator_any()
    {
        await App.RecordAsync(await App.CreateAsync(Roles.ComplaintsCell, "sefrou"), AuditActions.Note, "sefrou");
        await App.RecordAsync(await App.CreateAsync(Roles.ComplaintsCell, "kenitra"), AuditActions.Note, "kenitra");

        var sefrou = await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        Assert.Equal(["sefrou", "sefrou"], Values(await OkAsync(await sefrou.GetAsync("/api/v1/audit")), "commune"));
        await ProblemAsync(await sefrou.GetAsync("/api/v1/audit?commune=kenitra"), HttpStatusCode.NotFound);

        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        Assert.Equal(["kenitra"], Values(await OkAsync(await platform.GetAsync("/api/v1/audit?commune=kenitra&action=note")), "commune"));
        Assert.Equal(["kenitra", "sefrou"], Values(await OkAsync(await platform.GetAsync("/api/v1/audit?action=note")), "commune"));
        await ProblemAsync(await platform.GetAsync("/api/v1/audit?commune=atlantis"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell)]
    [InlineData(Roles.Observer)]
    [InlineData(Roles.ServiceAgent)]
    public async Task Other_roles_get_403(string role)
    {
        var member = await App.ApiAsync(await App.CreateAsync(role, service: role == Roles.ServiceAgent ? "voirie" : null));
        await ProblemAsync(await member.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_filters_are_named()
    {
        var admin = await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        await InvalidAsync(await admin.GetAsync("/api/v1/audit?from=10/03/2026"), "from");
        await InvalidAsync(await admin.GetAsync("/api/v1/audit?from=2026-03-10&to=2026-03-01"), "to");
        await InvalidAsync(await admin.GetAsync("/api/v1/audit?action=dance"), "action");
        await InvalidAsync(await admin.GetAsync("/api/v1/audit?page=0"), "page");
    }

    public sealed class OnSqlite() : AuditApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AuditApiTests(DatabaseKind.Postgres);
}
