using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

// A citizen calls the commune: their contact details change. The cell corrects them on the complaint's page; the
// audit log names the fields, never the values; a wrong address is refused with what was typed kept.
public abstract class ContactCorrectionPagesTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task The_cell_corrects_the_email_and_the_audit_log_names_the_field()
    {
        var filed = await App.FileAsync(email: "amina@example.test");
        var reference = filed.Complaint.Reference;
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await cell.GetPageAsync($"/staff/complaints/{reference}");

        var refused = await cell.SubmitAsync(page, "#contact form", new Dictionary<string, string> { ["Input.Email"] = "pas-une-adresse" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = await refused.ParseAsync();
        Assert.NotNull(again.FieldError("Input_Email"));
        Assert.Equal("pas-une-adresse", again.QuerySelector("#Input_Email")!.GetAttribute("value"));

        var done = await cell.SubmitAsync(again, "#contact form", new Dictionary<string, string> { ["Input.Email"] = "amina.new@example.test" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        page = await cell.GetPageAsync(done.Headers.Location!.OriginalString);
        Assert.Contains("amina.new@example.test", page.QuerySelector(".complainant dl")!.TextContent);

        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.ComplaintId == filed.Complaint.Id && a.Action == AuditActions.ContactCorrected));
        Assert.Equal("email", audit.Details);
        Assert.Contains("Coordonnées du citoyen corrigées", page.QuerySelector(".staff-timeline")!.TextContent);
    }

    [Fact]
    public async Task A_service_agent_has_no_form_and_a_forged_correction_is_refused()
    {
        var filed = await App.FileAsync(email: "amina@example.test");
        var reference = filed.Complaint.Reference;
        await App.QualifyAsync(reference);
        var agent = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie"));
        var page = await agent.GetPageAsync($"/staff/complaints/{reference}");
        Assert.Null(page.QuerySelector("#contact"));

        var forged = await agent.SubmitAsync(page, "#note", new Dictionary<string, string> { ["Input.Email"] = "x@example.test" },
            action: $"/staff/complaints/{reference}?handler=Contact");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("amina@example.test", await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.Complainant.Email).SingleAsync()));
    }

    public sealed class OnSqlite() : ContactCorrectionPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ContactCorrectionPagesTests(DatabaseKind.Postgres);
}
