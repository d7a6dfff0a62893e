using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class NotificationsAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/notifications";

    Task<List<OutboxMessage>> OutboxAsync(long complaintId) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ComplaintId == complaintId).OrderBy(m => m.Id).ToListAsync());

    Task<int> OwnTemplatesAsync(string commune) =>
        App.WithDbAsync(db => db.NotificationTemplates.CountAsync(t => db.Communes.Any(c => c.Id == t.CommuneId && c.Code == commune)));

    static async Task<IDocument> EditAsync(HttpClient client, IDocument list, string anchor)
    {
        var link = list.QuerySelector($"article#{anchor} .actions a")!.GetAttribute("href")!;
        var page = await client.GetPageAsync(link);
        Assert.NotNull(page.QuerySelector($"article#{anchor} form#notification-form"));
        return page;
    }

    [Fact]
    public async Task A_commune_admin_rewords_the_French_receipt_mail_which_the_next_filing_uses_until_the_built_in_text_is_back()
    {
        var member = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var admin = await App.StaffBrowserAsync(member);
        var list = await admin.GetPageAsync(Url);
        Assert.NotNull(list.QuerySelector("nav a[href='/staff/admin/notifications']"));
        Assert.NotNull(list.QuerySelector("article#receipt-email-fr .wording-builtin"));
        Assert.Contains("a bien été reçue", list.QuerySelector("article#receipt-email-fr .wording-subject")!.TextContent);
        // Staff hear of their events by mail only; citizens by mail and SMS.
        Assert.Null(list.QuerySelector("article#assigned-sms-fr"));
        Assert.NotNull(list.QuerySelector("article#digest-email-ar"));
        Assert.NotNull(list.QuerySelector("article#routed-sms-ar"));

        var edit = await EditAsync(admin, list, "receipt-email-fr");
        Assert.Contains("{track_url}", edit.QuerySelector("#body-hint")!.TextContent);
        Assert.DoesNotContain("{staff_url}", edit.QuerySelector("#body-hint")!.TextContent);
        var saved = await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Subject"] = "Sefrou a enregistré votre demande {reference}",
            // As a browser sends a textarea: CRLF line ends, which are stored as the built-in texts are, with LF.
            ["Input.Body"] = "Bonjour {citizen},\r\n\r\nVotre demande {reference} ({category}) aura une réponse au plus tard le {deadline}.\r\n\r\n{track_url}\r\n",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        list = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Accusé de réception · E-mail · Français", list.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.NotNull(list.QuerySelector("article#receipt-email-fr .wording-own"));
        Assert.NotNull(list.QuerySelector("article#receipt-email-ar .wording-builtin"));
        Assert.Contains(member.Email, list.QuerySelector("article#receipt-email-fr")!.TextContent);
        var row = await App.WithDbAsync(db => db.NotificationTemplates.AsNoTracking().SingleAsync());
        Assert.Equal((NotificationEvent.Receipt, NotificationChannel.Email, "fr"), (row.Event, row.Channel, row.Language));
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, row.UpdatedAt);
        Assert.Equal(member.Email, row.UpdatedBy);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "notification-template-saved" && a.Actor == member.Email && a.Details == "receipt.email.fr")));

        var filed = await App.FileAsync(commune: "sefrou", email: "amina@example.test", phone: null);
        var mail = Assert.Single(await OutboxAsync(filed.Complaint.Id));
        Assert.Equal($"Sefrou a enregistré votre demande {filed.Complaint.Reference}", mail.Subject);
        Assert.Equal($"Bonjour Amina Benali,\n\nVotre demande {filed.Complaint.Reference} (Voirie et trottoirs) aura une réponse au plus tard le 09/05/2026.\n\nhttp://localhost:5080/track/{filed.Complaint.Reference}",
            mail.Body);

        var elsewhere = await App.FileAsync(commune: "kenitra", email: "amina@example.test", phone: null);
        Assert.Equal($"Votre demande {elsewhere.Complaint.Reference} a bien été reçue", Assert.Single(await OutboxAsync(elsewhere.Complaint.Id)).Subject);

        var reset = await admin.SubmitAsync(list, "article#receipt-email-fr form.reset-form");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        list = await admin.GetPageAsync(reset.Headers.Location!.OriginalString);
        Assert.Contains("Le texte intégré s'applique de nouveau", list.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.NotNull(list.QuerySelector("article#receipt-email-fr .wording-builtin"));
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "notification-template-reset" && a.Details == "receipt.email.fr")));
        var after = await App.FileAsync(commune: "sefrou", email: "amina@example.test", phone: null);
        Assert.Equal($"Votre demande {after.Complaint.Reference} a bien été reçue", Assert.Single(await OutboxAsync(after.Complaint.Id)).Subject);
    }

    [Fact]
    public async Task The_Arabic_receipt_SMS_written_in_Arabic_is_sent_to_an_Arabic_filing_and_a_long_one_is_saved_with_a_warning()
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "safi", twoFactor: true), "ar");
        var list = await admin.GetPageAsync(Url);
        Assert.Equal("rtl", list.DocumentElement.GetAttribute("dir"));
        var edit = await EditAsync(admin, list, "receipt-sms-ar");
        Assert.Null(edit.QuerySelector("#Input_Subject"));
        Assert.Equal("rtl", edit.QuerySelector("textarea#Input_Body")!.GetAttribute("dir"));
        // The built-in text, once filled, is longer than one Arabic SMS (70 letters): the page says so.
        Assert.Contains("2", edit.QuerySelector(".preview .notice.warning")!.TextContent);

        var saved = await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Body"] = "جماعة {commune}: توصلنا بطلبكم {reference}.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        list = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Null(list.QuerySelector("p.notice.warning"));

        var filed = await App.FileAsync(commune: "safi", language: "ar", email: null, phone: "0612345678");
        var sms = Assert.Single(await OutboxAsync(filed.Complaint.Id));
        Assert.Equal(NotificationChannel.Sms, sms.Channel);
        Assert.Equal($"جماعة آسفي: توصلنا بطلبكم {filed.Complaint.Reference}.", sms.Body);
        // The French SMS of the same commune keeps the built-in text.
        var french = await App.FileAsync(commune: "safi", language: "fr", email: null, phone: "0612345678");
        Assert.StartsWith("Commune Safi : demande", Assert.Single(await OutboxAsync(french.Complaint.Id)).Body);

        edit = await EditAsync(admin, list, "receipt-sms-ar");
        var longer = await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Body"] = "جماعة {commune}: توصلنا بطلبكم {reference}، وسنجيبكم في أجل أقصاه {deadline}. يمكنكم تتبع طلبكم على {track_url}",
        });
        Assert.Equal(HttpStatusCode.Redirect, longer.StatusCode);
        list = await admin.GetPageAsync(longer.Headers.Location!.OriginalString);
        Assert.Contains("رسائل", list.QuerySelector("p.notice.warning")!.TextContent);
    }

    [Theory]
    [InlineData("fr", "Ce texte est obligatoire.", "Repère inconnu : {numero}", "L'objet est trop long")]
    [InlineData("ar", "هذا النص إلزامي.", "مؤشر غير معروف: {numero}", "الموضوع طويل جدا")]
    public async Task Empty_text_unknown_placeholders_and_long_subjects_are_refused_with_what_was_typed(string language, string required, string unknown, string tooLong)
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), language);
        var edit = await EditAsync(admin, await admin.GetPageAsync(Url), "routed-email-ar");

        var empty = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Subject"] = "طلبكم {reference}", ["Input.Body"] = "  ",
        })).ParseAsync();
        Assert.Equal(required, empty.FieldError("Input_Body"));
        Assert.Equal("طلبكم {reference}", empty.QuerySelector("#Input_Subject")!.GetAttribute("value"));
        Assert.NotNull(empty.QuerySelector(".error-summary a[href='#Input_Body']"));

        var body = "{citizen}، أحيل طلبكم {reference} على {service} تحت رقم {numero}.";
        var placeholder = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Subject"] = "طلبكم {reference}", ["Input.Body"] = body,
        })).ParseAsync();
        Assert.StartsWith(unknown, placeholder.FieldError("Input_Body"));
        Assert.Equal(body, placeholder.QuerySelector("#Input_Body")!.TextContent);

        var subject = new string('س', 301);
        var longSubject = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Subject"] = subject, ["Input.Body"] = "{citizen}، أحيل طلبكم {reference} على {service}.",
        })).ParseAsync();
        Assert.StartsWith(tooLong, longSubject.FieldError("Input_Subject"));
        Assert.Equal(subject, longSubject.QuerySelector("#Input_Subject")!.GetAttribute("value"));
        Assert.Equal("{citizen}، أحيل طلبكم {reference} على {service}.", longSubject.QuerySelector("#Input_Body")!.TextContent);

        // A staff-only link has no meaning in a citizen's message.
        var staffLink = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Body"] = "{reference} {staff_url}",
        })).ParseAsync();
        Assert.Contains("{staff_url}", staffLink.FieldError("Input_Body"));
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));
    }

    [Fact]
    public async Task An_SMS_too_long_once_filled_is_refused_and_the_preview_shows_the_filled_text_without_saving()
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var edit = await EditAsync(admin, await admin.GetPageAsync(Url), "routed-sms-fr");
        var url = "/staff/admin/notifications?commune=sefrou&handler=Preview";

        var preview = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Body"] = "Demande {reference} confiée au service : {service}.",
        }, url)).ParseAsync();
        Assert.Matches(@"^Demande SEF-2026-\d+ confiée au service : .+\.$", preview.QuerySelector(".preview-body")!.TextContent);
        Assert.Equal("Demande {reference} confiée au service : {service}.", preview.QuerySelector("#Input_Body")!.TextContent);
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));

        var tooLong = await (await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string>
        {
            ["Input.Body"] = string.Concat(Enumerable.Repeat("Demande {reference} : suivez-la sur {track_url}. ", 8)),
        })).ParseAsync();
        Assert.StartsWith("Ce SMS est trop long : 480 caractères", tooLong.FieldError("Input_Body"));
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));
    }

    [Fact]
    public async Task A_platform_admin_picks_the_commune_whose_wording_they_change()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var start = await admin.GetPageAsync(Url);
        Assert.Null(start.QuerySelector("article"));
        var list = await admin.GetPageAsync($"{Url}?commune=el-jadida");
        var edit = await EditAsync(admin, list, "closed-sms-fr");
        var saved = await admin.SubmitAsync(edit, "form#notification-form", new Dictionary<string, string> { ["Input.Body"] = "Demande {reference} close." });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await OwnTemplatesAsync("el-jadida"));
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.ServiceAgent, "voirie")]
    [InlineData(Roles.Observer, null)]
    public async Task Members_who_do_not_administer_the_commune_are_sent_to_the_denied_page(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service: service));
        var home = await member.GetPageAsync("/staff");
        Assert.Null(home.QuerySelector("nav a[href='/staff/admin/notifications']"));
        var response = await member.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Another_communes_admin_can_neither_read_nor_change_this_communes_wording()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        Assert.NotEqual(HttpStatusCode.OK, (await kenitra.GetAsync($"{Url}?commune=sefrou")).StatusCode);
        var edit = await EditAsync(kenitra, await kenitra.GetPageAsync(Url), "receipt-email-fr");
        var fields = new Dictionary<string, string> { ["Input.Subject"] = "Piraté {reference}", ["Input.Body"] = "Piraté" };

        // The commune named in the form's address, then in a field of its own.
        var forged = await kenitra.SubmitAsync(edit, "form#notification-form", fields, $"{Url}?commune=sefrou&handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), forged.Headers.Location!).AbsolutePath);
        fields["commune"] = "sefrou";
        var forgedField = await kenitra.SubmitAsync(edit, "form#notification-form", fields);
        Assert.Equal(HttpStatusCode.Redirect, forgedField.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), forgedField.Headers.Location!).AbsolutePath);
        Assert.Equal(0, await OwnTemplatesAsync("sefrou"));
        Assert.Equal(0, await OwnTemplatesAsync("kenitra"));

        // Staff events have no SMS to word.
        fields.Remove("commune");
        fields["Input.Event"] = "Assigned";
        fields["Input.Channel"] = "Sms";
        Assert.Equal(HttpStatusCode.NotFound, (await kenitra.SubmitAsync(edit, "form#notification-form", fields)).StatusCode);
    }

    public sealed class OnSqlite() : NotificationsAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : NotificationsAdminPagesTests(DatabaseKind.Postgres);
}
