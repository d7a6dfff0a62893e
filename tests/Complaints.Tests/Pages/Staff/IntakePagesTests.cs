using System.Net;
using System.Text;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class IntakePagesTests(DatabaseKind kind) : AppTest(kind)
{
    static readonly byte[] ScannedLetter = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    static Dictionary<string, string> Letter(string language = "fr") => new()
    {
        ["Input.Channel"] = "Letter",
        ["Input.Kind"] = "Complaint",
        ["Input.Category"] = "proprete",
        ["Input.District"] = "d2",
        ["Input.Description"] = "Par courrier : dépôt sauvage d'ordures derrière le marché couvert depuis un mois.",
        ["Input.Address"] = "Derrière le marché couvert",
        ["Input.FirstName"] = "Driss",
        ["Input.LastName"] = "Alaoui",
        ["Input.Phone"] = "0622334455",
        ["Input.Language"] = language,
        ["Input.ConsentToPublish"] = "false",
    };

    [Fact]
    public async Task A_clerk_files_a_letter_with_its_scan_and_the_citizen_tracks_it_with_the_receipts_code()
    {
        var clerk = await App.CreateAsync(Roles.ComplaintsCell);
        var client = await App.StaffBrowserAsync(clerk);
        var form = await client.GetPageAsync("/staff/intake");
        Assert.NotNull(form.QuerySelector("input[name='Input.Channel'][value=Letter]"));

        var response = await client.PostFormAsync("/staff/intake", form, Letter(), [("scans", "courrier.pdf", ScannedLetter)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        var reference = receipt.QuerySelector(".receipt .reference")!.TextContent.Trim();
        var code = receipt.QuerySelector(".receipt .secret")!.TextContent.Trim();
        Assert.Equal("SEF-2026-000001", reference);
        Assert.Contains("Courrier", receipt.QuerySelector(".receipt")!.TextContent);
        Assert.Contains("le code d'accès n'est affiché qu'une fois", receipt.QuerySelector("p.notice")!.TextContent);

        var complaint = await App.WithDbAsync(db => db.Complaints.Include(c => c.Attachments).Include(c => c.Timeline).SingleAsync(c => c.Reference == reference));
        Assert.Equal(Channel.Letter, complaint.Channel);
        var scan = Assert.Single(complaint.Attachments);
        Assert.Equal("application/pdf", scan.ContentType);
        Assert.Equal("courrier.pdf", scan.FileName);
        Assert.Equal(clerk.Email, Assert.Single(complaint.Timeline).Actor);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Intake));
        Assert.Equal((clerk.Id, complaint.Id, "letter"), (audit.UserId!, audit.ComplaintId!.Value, audit.Details!));

        // The code is shown once only.
        var again = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Null(again.QuerySelector(".receipt .secret"));

        var citizen = App.Browser("fr");
        var track = await citizen.GetPageAsync("/track");
        var opened = await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
        Assert.Equal($"/track/{reference}", opened.Headers.Location!.OriginalString);
        var mine = await citizen.GetPageAsync($"/track/{reference}");
        Assert.Contains("dépôt sauvage d'ordures", mine.QuerySelector(".description")!.TextContent);
        Assert.Contains("courrier.pdf", mine.Body!.TextContent);
    }

    [Fact]
    public async Task The_receipt_is_written_in_the_citizens_language_and_downloads_as_a_PDF()
    {
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "fr");
        var form = await client.GetPageAsync("/staff/intake");
        var values = Letter("ar");
        values["Input.Channel"] = "Counter";
        var response = await client.PostFormAsync("/staff/intake", form, values);
        var receipt = await client.GetPageAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("fr", receipt.DocumentElement.GetAttribute("lang"));
        var document = receipt.QuerySelector(".citizen-receipt")!;
        Assert.Equal("rtl", document.GetAttribute("dir"));
        Assert.Contains("وصل الإيداع", document.TextContent);
        Assert.Contains("الشباك", document.TextContent);
        Assert.Contains("Remettez ce récépissé", receipt.Body!.TextContent);
        Assert.Equal("ar", await App.WithDbAsync(db => db.Complaints.Select(c => c.Language).SingleAsync()));

        var pdfForm = receipt.QuerySelector("form[action*='handler=Pdf']")!;
        var pdf = await client.PostFormAsync(pdfForm.GetAttribute("action")!, receipt,
            new Dictionary<string, string> { ["Code"] = document.QuerySelector(".secret")!.TextContent });
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.True((await pdf.Content.ReadAsByteArrayAsync()).AsSpan().StartsWith("%PDF-"u8));
    }

    [Fact]
    public async Task Wrong_input_is_refused_field_by_field_and_files_nothing()
    {
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        var form = await client.GetPageAsync("/staff/intake");
        Assert.Equal("rtl", form.DocumentElement.GetAttribute("dir"));
        Assert.DoesNotMatch(@"\bstaff\.[a-z]", form.Body!.TextContent);
        var values = Letter();
        values["Input.Channel"] = "Web";
        values["Input.Description"] = "";
        var response = await client.PostFormAsync("/staff/intake", form, values, [("scans", "faux.jpg", Samples.NotAnImage)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.FieldError("Input_Channel"));
        Assert.Equal(0, await App.CountComplaintsAsync());

        values["Input.Channel"] = "Phone";
        page = await (await client.PostFormAsync("/staff/intake", page, values, [("scans", "faux.jpg", Samples.NotAnImage)])).ParseAsync();
        Assert.NotNull(page.FieldError("Input_Description"));
        Assert.NotNull(page.FieldError("scans"));
        Assert.Equal("Alaoui", page.QuerySelector("#Input_LastName")!.GetAttribute("value"));
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task Observers_and_service_agents_cannot_reach_intake()
    {
        foreach (var member in new[] { await App.CreateAsync(Roles.Observer), await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie") })
        {
            var client = await App.StaffBrowserAsync(member);
            var inbox = await client.GetPageAsync("/staff");
            Assert.Null(inbox.QuerySelector("a[href='/staff/intake']"));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/staff/intake")).StatusCode);
            var post = await client.PostFormAsync("/staff/intake", await client.GetPageAsync("/track"), Letter());
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task A_platform_admin_first_picks_the_commune()
    {
        var client = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var choose = await client.GetPageAsync("/staff/intake");
        Assert.NotNull(choose.QuerySelector("select#commune option[value=safi]"));
        var form = await client.GetPageAsync("/staff/intake?commune=safi");
        var response = await client.PostFormAsync("/staff/intake?commune=safi", form, Letter());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("SAF-2026-000001", receipt.QuerySelector(".receipt .reference")!.TextContent.Trim());
    }

    public sealed class OnSqlite() : IntakePagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : IntakePagesTests(DatabaseKind.Postgres);
}
