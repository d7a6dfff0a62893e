using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Pages;

public abstract class TrackPagesTests(DatabaseKind kind) : AppTest(kind)
{
    // Files through the page, as a citizen would, and returns the reference and the access code.
    async Task<(string Reference, string Code)> FileAsync(string language = "fr", (string, string, byte[])[]? files = null)
    {
        var client = App.Browser(language);
        var form = await client.GetPageAsync("/sefrou/file");
        var response = await client.PostFormAsync("/sefrou/file", form, Samples.Complaint(), files);
        var receipt = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        return (receipt.QuerySelector(".reference")!.TextContent, receipt.QuerySelector(".secret")!.TextContent);
    }

    async Task<IDocument> TrackAsync(HttpClient client, string reference, string code)
    {
        var form = await client.GetPageAsync("/track");
        var response = await client.PostFormAsync("/track", form, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
        if (response.StatusCode == HttpStatusCode.Redirect)
            return await client.GetPageAsync(response.Headers.Location!.OriginalString);
        return await response.ParseAsync();
    }

    [Fact]
    public async Task Reference_and_access_code_open_the_complaint_in_another_browser()
    {
        var (reference, code) = await FileAsync();
        var page = await TrackAsync(App.Browser("fr"), reference, code);
        Assert.Equal("Reçue", page.QuerySelector(".status")!.TextContent);
        Assert.Contains("nid-de-poule", page.QuerySelector(".description")!.TextContent);
        Assert.Contains("09/05/2026", page.Body!.TextContent);
        Assert.Contains("Demande reçue", page.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task The_page_is_kept_by_no_cache_and_its_forms_leave_no_warning_in_the_log()
    {
        var (reference, code) = await FileAsync();
        var browser = App.Browser("fr");
        await TrackAsync(browser, reference, code);
        var again = await browser.GetAsync($"/track/{reference}");
        Assert.True(again.Headers.CacheControl is { NoStore: true, NoCache: true });
        // Antiforgery would otherwise override the headers and log a warning for every citizen reading their complaint.
        Assert.DoesNotContain(App.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_code_is_accepted_in_lower_case_and_with_spaces()
    {
        var (reference, code) = await FileAsync();
        var spaced = code[..4].ToLowerInvariant() + " " + code[4..].ToLowerInvariant();
        var page = await TrackAsync(App.Browser("fr"), reference.ToLowerInvariant(), spaced);
        Assert.NotNull(page.QuerySelector(".status"));
    }

    [Fact]
    public async Task A_wrong_access_code_shows_nothing_of_the_complaint_and_says_so()
    {
        var (reference, _) = await FileAsync();
        var page = await TrackAsync(App.Browser("fr"), reference, "WRONG234");
        Assert.Null(page.QuerySelector(".status"));
        Assert.DoesNotContain("nid-de-poule", page.Body!.TextContent);
        Assert.Equal("Cette référence et ce code d'accès ne correspondent à aucune demande.", page.FieldError("Code"));
        Assert.Equal(reference, page.QuerySelector("#Reference")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_unknown_reference_gets_the_same_answer_as_a_wrong_code()
    {
        var page = await TrackAsync(App.Browser("ar"), "SEF-2026-999999", "ABCDEFGH");
        Assert.Equal("هذا المرجع ورمز الولوج لا يطابقان أي طلب.", page.FieldError("Code"));
    }

    [Fact]
    public async Task Empty_fields_are_named()
    {
        var page = await TrackAsync(App.Browser("fr"), "", "");
        Assert.Equal("Indiquez la référence de votre demande.", page.FieldError("Reference"));
        Assert.Equal("Indiquez votre code d'accès.", page.FieldError("Code"));
    }

    [Fact]
    public async Task Without_the_code_the_complaint_the_receipt_and_the_photos_stay_closed()
    {
        var (reference, _) = await FileAsync(files: [("photos", "trou.jpg", Samples.Jpeg)]);
        var stranger = App.Browser("fr");
        var track = await stranger.GetPageAsync($"/track/{reference}");
        Assert.Null(track.QuerySelector(".status"));
        Assert.DoesNotContain("nid-de-poule", track.Body!.TextContent);

        var receipt = await stranger.GetAsync($"/receipt/{reference}");
        Assert.Equal(HttpStatusCode.Redirect, receipt.StatusCode);
        Assert.Equal($"/track/{reference}", receipt.Headers.Location!.OriginalString);

        var id = await App.WithDbAsync(db => db.Attachments.Select(a => a.Id).SingleAsync());
        var photo = await stranger.GetAsync($"/track/{reference}?handler=Attachment&id={id}");
        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
    }

    [Fact]
    public async Task The_citizen_downloads_their_own_photo()
    {
        var (reference, code) = await FileAsync(files: [("photos", "trou.jpg", Samples.Jpeg)]);
        var client = App.Browser("fr");
        var page = await TrackAsync(client, reference, code);
        var link = page.QuerySelector("a[href*='handler=Attachment']")!.GetAttribute("href")!;
        var photo = await client.GetAsync(link);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        // The photo as it was stored: encoded again, the same picture.
        using var picture = SkiaSharp.SKBitmap.Decode(await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal((40, 30), (picture.Width, picture.Height));
    }

    [Fact]
    public async Task The_citizen_reads_every_message_meant_for_them_and_no_internal_note()
    {
        var (reference, code) = await FileAsync("ar");
        await App.WithDbAsync(async db =>
        {
            var complaint = await db.Complaints.Include(c => c.Timeline).SingleAsync();
            var service = await db.Services.SingleAsync(s => s.CommuneId == complaint.CommuneId && s.Code == "voirie");
            var at = App.Clock.GetUtcNow().UtcDateTime;
            complaint.Assign(service, "Voir avec l'équipe du quartier", "cell@sefrou", at);
            complaint.AddNote("Le riverain a déjà appelé deux fois", "cell@sefrou", at.AddMinutes(1));
            complaint.Respond("سيتم إصلاح الحفرة هذا الأسبوع", definitive: true, "voirie@sefrou", at.AddDays(2));
            await db.SaveChangesAsync();
        });
        var page = await TrackAsync(App.Browser("ar"), reference, code);
        Assert.Equal("تم إرسال الجواب النهائي", page.QuerySelector(".status")!.TextContent);
        var timeline = page.QuerySelector(".timeline")!.TextContent;
        Assert.Contains("سيتم إصلاح الحفرة هذا الأسبوع", timeline);
        Assert.Contains("مصلحة الطرق", timeline);
        Assert.DoesNotContain("deux fois", page.Body!.TextContent);
        Assert.DoesNotContain("équipe du quartier", page.Body.TextContent);
        Assert.Equal(3, page.QuerySelectorAll(".timeline li").Length);
    }

    [Fact]
    public async Task A_rejection_shows_the_decrets_reason_in_the_citizens_language()
    {
        var (reference, code) = await FileAsync();
        await App.WithDbAsync(async db =>
        {
            var complaint = await db.Complaints.SingleAsync();
            complaint.Reject(RejectionReason.OutsideRemit, "Relève de la province.", "cell@sefrou", App.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        var page = await TrackAsync(App.Browser("fr"), reference, code);
        Assert.Equal("Irrecevable", page.QuerySelector(".status")!.TextContent);
        Assert.Contains("ne relève pas des compétences de la commune", page.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task The_citizen_answers_the_communes_question_from_the_track_page()
    {
        var (reference, code) = await FileAsync();
        await App.WithDbAsync(async db =>
        {
            var complaint = await db.Complaints.SingleAsync();
            complaint.RequestInformation("Quelle rue exactement ?", "cell@sefrou", App.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        var client = App.Browser("fr");
        var page = await TrackAsync(client, reference, code);
        Assert.Contains("La commune attend votre réponse", page.QuerySelector("#information")!.TextContent);
        Assert.Contains("Quelle rue exactement ?", page.QuerySelector(".timeline")!.TextContent);

        var empty = await (await client.PostFormAsync($"/track/{reference}?handler=Information", page,
            new Dictionary<string, string> { ["Information"] = "  " })).ParseAsync();
        Assert.Equal("Ce texte est obligatoire.", empty.FieldError("Information"));

        var sent = await client.PostFormAsync($"/track/{reference}?handler=Information", page,
            new Dictionary<string, string> { ["Information"] = "Rue 12, devant la boulangerie." });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        page = await client.GetPageAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains("Votre message a été transmis", page.QuerySelector("#information [role=status]")!.TextContent);
        Assert.Contains("Rue 12, devant la boulangerie.", page.QuerySelector(".timeline")!.TextContent);
        var saved = await App.WithDbAsync(db => db.Complaints.SingleAsync());
        Assert.False(saved.AwaitingCitizen);
    }

    [Fact]
    public async Task The_citizens_answer_reaches_the_agents_of_the_service_holding_the_complaint()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var (reference, code) = await FileAsync();
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.RequestInformationAsync(s, reference, null, "Quelle rue exactement ?", CancellationToken.None));
        var client = App.Browser("fr");
        var page = await TrackAsync(client, reference, code);

        await client.PostFormAsync($"/track/{reference}?handler=Information", page,
            new Dictionary<string, string> { ["Information"] = "Rue 12, devant la boulangerie." });

        var told = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Event == NotificationEvent.CitizenInformation).ToListAsync());
        var message = Assert.Single(told);
        Assert.Equal(agent.Email, message.Recipient);
        Assert.NotEqual(cell.Email, message.Recipient);
        Assert.Contains("Rue 12, devant la boulangerie.", message.Body);
        Assert.Contains($"[{reference}] Le citoyen a répondu", message.Subject);
    }

    [Fact]
    public async Task Only_the_citizen_with_the_code_can_add_information_and_not_after_the_answer()
    {
        var (reference, code) = await FileAsync();
        var stranger = App.Browser("fr");
        var form = await stranger.GetPageAsync("/track");
        var forged = await stranger.PostFormAsync($"/track/{reference}?handler=Information", form,
            new Dictionary<string, string> { ["Information"] = "Je ne suis pas le plaignant." });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        await App.WithDbAsync(async db =>
        {
            var complaint = await db.Complaints.SingleAsync();
            var service = await db.Services.SingleAsync(s => s.CommuneId == complaint.CommuneId && s.Code == "voirie");
            complaint.Assign(service, null, "cell", App.Clock.GetUtcNow().UtcDateTime);
            complaint.Respond("Réparé.", definitive: true, "cell", App.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        var page = await TrackAsync(App.Browser("fr"), reference, code);
        Assert.Null(page.QuerySelector("#information"));
        Assert.Equal(2, await App.WithDbAsync(db => db.TimelineEntries.CountAsync(t => t.VisibleToCitizen && t.Kind != TimelineKind.Filed)));
    }

    // A follow-up form posted to /track itself, without the complaint's reference in the address: nothing there, not a 500.
    [Fact]
    public async Task A_follow_up_without_a_reference_in_the_address_is_not_found()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/track");
        var response = await client.PostFormAsync("/track?handler=Rights", form, new Dictionary<string, string> { ["RightsKind"] = "Correct" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Photos_named_with_quotes_line_breaks_or_arabic_are_downloaded_by_staff_under_a_safe_name()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/sefrou/file");
        var content = new MultipartFormDataContent { { new StringContent(form.Token()), "__RequestVerificationToken" } };
        foreach (var (name, value) in Samples.Complaint())
            content.Add(new StringContent(value), name);
        // Each name reaches the server exactly as chosen, escaped as RFC 5987 asks so that the request stays well formed.
        foreach (var name in new[] { "a\";b\r\nX-Evil: 1.jpg", "صورة.jpg" })
        {
            var file = new ByteArrayContent(Samples.Jpeg);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"photos\"", FileNameStar = name };
            content.Add(file);
        }
        var filed = await client.PostAsync("/sefrou/file", content);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var reference = (await client.GetPageAsync(filed.Headers.Location!.OriginalString)).QuerySelector(".reference")!.TextContent;

        var staff = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var page = await staff.GetPageAsync($"/staff/complaints/{reference}");
        var names = new List<string>();
        foreach (var link in page.QuerySelectorAll("ul.attachments a"))
        {
            var download = await staff.GetAsync(link.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.False(download.Headers.Contains("X-Evil") || download.Content.Headers.Contains("X-Evil"));
            // One header line of printable ASCII: nothing a client could read as a second header or a second parameter.
            var raw = Assert.Single(download.Content.Headers.GetValues("Content-Disposition"));
            Assert.All(raw, c => Assert.InRange(c, ' ', '~'));
            var disposition = download.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.All(disposition.FileName!.Trim('"'), c => Assert.True(c is >= ' ' and <= '~' and not '"' and not ';' and not '\\', raw));
            names.Add(disposition.FileNameStar!);
        }
        // The name as stored (letters, digits, dashes and spaces of the sender's), in full through filename*.
        Assert.Equal(new[] { "abX-Evil 1.jpg", "صورة.jpg" }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_code_sent_twice_or_also_in_the_query_opens_a_complaint_only_when_the_forms_first_code_is_right()
    {
        var (reference, code) = await FileAsync();
        var (other, _) = await FileAsync();
        var client = App.Browser("fr");
        async Task<HttpResponseMessage> PostAsync(string query, params (string Name, string Value)[] fields)
        {
            var form = await client.GetPageAsync("/track");
            var content = new MultipartFormDataContent { { new StringContent(form.Token()), "__RequestVerificationToken" } };
            foreach (var (name, value) in fields)
                content.Add(new StringContent(value), name);
            return await client.PostAsync("/track" + query, content);
        }
        async Task AssertRefusedAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ParseAsync();
            Assert.Equal("Cette référence et ce code d'accès ne correspondent à aucune demande.", page.FieldError("Code"));
            Assert.Null(page.QuerySelector(".status"));
        }

        // A form's fields are read from its body: the right code in the query does not open a complaint whose form code is wrong.
        await AssertRefusedAsync(await PostAsync($"?Code={code}&Reference={reference}", ("Reference", reference), ("Code", "WRONG234")));
        // A field sent twice is read once, from its first value: a wrong code first is refused whatever follows it,
        // and a code opens only the complaint of the first reference.
        await AssertRefusedAsync(await PostAsync("", ("Reference", reference), ("Code", "WRONG234"), ("Code", code)));
        await AssertRefusedAsync(await PostAsync("", ("Reference", other), ("Reference", reference), ("Code", code)));
        var opened = await PostAsync("", ("Reference", reference), ("Code", code), ("Code", "WRONG234"));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/track/{reference}", opened.Headers.Location!.OriginalString);
    }

    public sealed class OnSqlite() : TrackPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TrackPagesTests(DatabaseKind.Postgres);
}
