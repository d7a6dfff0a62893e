using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Files;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// Attachments through the staff API: downloaded by those who may see them, added by those who may act, with the
// citizen's checks and cleaning.
public abstract class StaffAttachmentsApiTests(DatabaseKind kind) : AppTest(kind)
{
    static MultipartFormDataContent Upload(params (string FileName, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "file", name);
        }
        return content;
    }

    static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    Task<List<AuditEntry>> AuditAsync(long complaintId, string action) =>
        App.WithDbAsync(db => db.AuditEntries.Where(a => a.ComplaintId == complaintId && a.Action == action).ToListAsync());

    [Fact]
    public async Task Staff_who_may_see_the_files_download_them_audited_others_get_403_and_an_unknown_one_404()
    {
        var filed = await App.FileAsync(files: [("trou.jpg", Samples.Jpeg)]);
        var reference = filed.Complaint.Reference;
        var id = await App.WithDbAsync(db => db.Attachments.Select(a => a.Id).SingleAsync());
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var file = await cell.GetAsync($"/api/v1/complaints/{reference}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("trou.jpg", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName);
        Assert.True(file.Headers.CacheControl!.NoStore);
        Assert.Equal($"attachment {id}", Assert.Single(await AuditAsync(filed.Complaint.Id, AuditActions.ReadPersonalData)).Details);

        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer));
        await JsonAsync(await observer.GetAsync($"/api/v1/complaints/{reference}/attachments/{id}"), HttpStatusCode.Forbidden);
        await JsonAsync(await cell.GetAsync($"/api/v1/complaints/{reference}/attachments/{id + 1000}"), HttpStatusCode.NotFound);
        var elsewhere = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell, "kenitra"));
        await JsonAsync(await elsewhere.GetAsync($"/api/v1/complaints/{reference}/attachments/{id}"), HttpStatusCode.NotFound);
        Assert.Single(await AuditAsync(filed.Complaint.Id, AuditActions.ReadPersonalData));
    }

    [Fact]
    public async Task The_service_agent_adds_a_cleaned_photo_as_a_staff_only_entry_answered_201_and_audited()
    {
        var filed = await App.FileAsync();
        var reference = filed.Complaint.Reference;
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.AssignAsync(s, reference, null, "eclairage", null, CancellationToken.None));
        var member = await App.CreateAsync(Roles.ServiceAgent, service: "eclairage");
        var agent = await App.ApiAsync(member);

        var added = await JsonAsync(await agent.PostAsync($"/api/v1/complaints/{reference}/attachments",
            Upload(("reparation.jpg", TestImages.JpegWithExif(64, 48, orientation: 6)))), HttpStatusCode.Created);
        var attachment = Assert.Single(added.EnumerateArray());
        Assert.Equal("reparation.jpg", attachment.GetProperty("fileName").GetString());
        Assert.Equal("image/jpeg", attachment.GetProperty("contentType").GetString());
        var id = attachment.GetProperty("id").GetInt64();

        var bytes = await agent.GetByteArrayAsync($"/api/v1/complaints/{reference}/attachments/{id}");
        Assert.Equal(bytes.Length, attachment.GetProperty("size").GetInt64());
        Assert.True(bytes.AsSpan().IndexOf("Exif"u8) < 0);

        var c = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/complaints/{reference}");
        var entry = c.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "document_added");
        Assert.False(entry.GetProperty("visibleToCitizen").GetBoolean());
        Assert.Equal(member.Email, entry.GetProperty("actor").GetString());
        Assert.Single(await AuditAsync(filed.Complaint.Id, AuditActions.DocumentAdded));
        var citizenSees = await App.WithDbAsync(db => db.TimelineEntries.AnyAsync(t => t.ComplaintId == filed.Complaint.Id
            && t.Kind == TimelineKind.DocumentAdded && t.VisibleToCitizen));
        Assert.False(citizenSees);
    }

    [Fact]
    public async Task An_upload_is_refused_like_the_citizens_and_beyond_ten_files_and_an_observer_adds_nothing()
    {
        var filed = await App.FileAsync(files: [("a.jpg", Samples.Jpeg), ("b.jpg", Samples.Jpeg), ("c.jpg", Samples.Jpeg)]);
        var reference = filed.Complaint.Reference;
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var url = $"/api/v1/complaints/{reference}/attachments";

        var notAnImage = await JsonAsync(await cell.PostAsync(url, Upload(("note.jpg", Samples.NotAnImage))), HttpStatusCode.BadRequest);
        Assert.True(notAnImage.GetProperty("errors").TryGetProperty("file", out _));
        await JsonAsync(await cell.PostAsync(url, Upload(("script.pdf", TestImages.PdfWithScript()))), HttpStatusCode.BadRequest);
        await JsonAsync(await cell.PostAsync(url, JsonContent.Create(new { })), HttpStatusCode.BadRequest);
        await JsonAsync(await cell.PostAsync(url, Upload()), HttpStatusCode.BadRequest);

        var observer = await App.ApiAsync(await App.CreateAsync(Roles.Observer));
        await JsonAsync(await observer.PostAsync(url, Upload(("x.jpg", Samples.Jpeg))), HttpStatusCode.Forbidden);
        var outsider = await App.ApiAsync(await App.CreateAsync(Roles.ServiceAgent, service: "eclairage"));
        await JsonAsync(await outsider.PostAsync(url, Upload(("x.jpg", Samples.Jpeg))), HttpStatusCode.NotFound);

        // Three filed, then 3 + 3 + 1 added: ten in all; the eleventh is refused.
        foreach (var count in new[] { 3, 3, 1 })
            await JsonAsync(await cell.PostAsync(url, Upload([.. Enumerable.Range(0, count).Select(i => ($"p{i}.jpg", Samples.Jpeg))])),
                HttpStatusCode.Created);
        var full = await JsonAsync(await cell.PostAsync(url, Upload(("eleventh.jpg", Samples.Jpeg))), HttpStatusCode.BadRequest);
        Assert.Contains("10", full.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(Limits.MaxAttachmentsPerComplaint, await App.WithDbAsync(db => db.Attachments.CountAsync()));
        Assert.Equal(Limits.MaxAttachmentsPerComplaint, Directory.EnumerateFiles(App.StoragePath, "*", SearchOption.AllDirectories).Count());
    }

    public sealed class OnSqlite() : StaffAttachmentsApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffAttachmentsApiTests(DatabaseKind.Postgres);
}
