using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

// A scanned letter or a photo of the repair added from the complaint screen, without script.
public abstract class StaffUploadPagesTests(DatabaseKind kind) : AppTest(kind)
{
    static string Url(string reference) => $"/staff/complaints/{reference}";

    [Fact]
    public async Task The_cell_adds_a_scanned_letter_from_the_complaint_screen()
    {
        var filed = await App.FileAsync();
        var reference = filed.Complaint.Reference;
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await client.GetPageAsync(Url(reference));
        var form = page.QuerySelector("form#attach")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        Assert.NotNull(form.QuerySelector("input[type=file][name=document]"));

        var response = await client.PostFormAsync($"{Url(reference)}?handler=Attach", page,
            new Dictionary<string, string> { ["Input.Version"] = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")! },
            [("document", "lettre.pdf", Files.TestImages.Pdf())]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Le document a été ajouté au dossier.", after.QuerySelector(".notice")!.TextContent);
        Assert.Contains(after.QuerySelectorAll("ul.attachments a"), a => a.TextContent == "lettre.pdf");
        var entry = after.QuerySelectorAll(".staff-timeline li.internal-entry").Single(li => li.TextContent.Contains("Document ajouté par le personnel"));
        Assert.Contains("lettre.pdf", entry.TextContent);
        Assert.Single(await App.WithDbAsync(db => db.AuditEntries.Where(a => a.ComplaintId == filed.Complaint.Id && a.Action == AuditActions.DocumentAdded).ToListAsync()));
    }

    [Fact]
    public async Task A_refused_file_is_named_in_arabic_right_to_left_and_nothing_is_stored()
    {
        var filed = await App.FileAsync();
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        var page = await client.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("إضافة وثيقة", page.QuerySelector("form#attach h3")!.TextContent);

        var refused = await (await client.PostFormAsync($"{Url(filed.Complaint.Reference)}?handler=Attach", page,
            new Dictionary<string, string>(), [("document", "script.pdf", Files.TestImages.PdfWithScript())])).ParseAsync();
        Assert.Equal("rtl", refused.DocumentElement.GetAttribute("dir"));
        Assert.Contains("PDF", refused.FieldError("document"));
        Assert.Contains("الوثيقة", refused.FieldError("document"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Attachments.CountAsync()));
        Assert.False(Directory.Exists(App.StoragePath) && Directory.EnumerateFiles(App.StoragePath, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task An_observer_is_offered_no_upload_and_a_posted_one_is_refused()
    {
        var filed = await App.FileAsync();
        var observer = await App.StaffBrowserAsync(await App.CreateAsync(Roles.Observer));
        var page = await observer.GetPageAsync(Url(filed.Complaint.Reference));
        Assert.Null(page.QuerySelector("form#attach"));

        // Any page with a form gives the antiforgery token a browser would have.
        var response = await observer.PostFormAsync($"{Url(filed.Complaint.Reference)}?handler=Attach", await observer.GetPageAsync("/track"),
            new Dictionary<string, string>(), [("document", "x.jpg", Samples.Jpeg)]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.TimelineEntries.CountAsync(t => t.Kind == TimelineKind.DocumentAdded)));
    }

    public sealed class OnSqlite() : StaffUploadPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffUploadPagesTests(DatabaseKind.Postgres);
}
