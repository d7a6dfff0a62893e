using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class PrivacySettingsPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/privacy";

    async Task<HttpClient> SefrouAdminAsync(string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), language);

    static async Task<HttpResponseMessage> SaveAsync(HttpClient admin, Dictionary<string, string> values, string url = Url) =>
        await admin.SubmitAsync(await admin.GetPageAsync(url), "form#privacy-form", values);

    Task<(int Months, string? Cndp)> SefrouAsync() => App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou")
        .Select(c => new ValueTuple<int, string?>(c.PersonalDataRetentionMonths, c.CndpDeclaration)).SingleAsync());

    static string Summary(AngleSharp.Dom.IDocument form) => form.QuerySelector(".privacy-summary > p")!.TextContent;

    [Fact]
    public async Task The_commune_admin_sets_the_retention_and_the_CNDP_number_and_the_form_follows()
    {
        var citizen = App.Browser("fr");
        Assert.Contains("24 mois après le règlement", Summary(await citizen.GetPageAsync("/sefrou/file")));
        var admin = await SefrouAdminAsync();
        var page = await admin.GetPageAsync(Url);
        Assert.Equal("24", page.QuerySelector("#Input_RetentionMonths")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"nav a[href='{Url}']"));

        var saved = await SaveAsync(admin, new() { ["Input.RetentionMonths"] = " 6 ", ["Input.CndpDeclaration"] = "  D-GC-117/2025 " });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("enregistrés", page.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Equal((6, "D-GC-117/2025"), await SefrouAsync());

        var form = await citizen.GetPageAsync("/sefrou/file");
        Assert.Contains("6 mois après le règlement", Summary(form));
        Assert.Equal("D-GC-117/2025", form.QuerySelector("dl.privacy .cndp")!.TextContent);
        var audited = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.PrivacyChanged).SingleAsync());
        Assert.Equal("retention 24→6; cndp none→D-GC-117/2025", audited.Details);

        // Emptying the number takes it off the notice.
        await SaveAsync(admin, new() { ["Input.RetentionMonths"] = "0", ["Input.CndpDeclaration"] = "" });
        form = await citizen.GetPageAsync("/sefrou/file");
        Assert.Contains("jusqu'au règlement de votre demande", Summary(form));
        Assert.DoesNotContain("CNDP", form.Body!.TextContent);
        Assert.Equal((0, null), await SefrouAsync());
    }

    [Theory]
    [InlineData("121", "")]
    [InlineData("-1", "")]
    [InlineData("2.5", "")]
    [InlineData("", "")]
    [InlineData("douze", "")]
    public async Task A_retention_outside_0_to_120_months_is_refused_and_kept_in_the_box(string months, string cndp)
    {
        var admin = await SefrouAdminAsync();
        var response = await SaveAsync(admin, new() { ["Input.RetentionMonths"] = months, ["Input.CndpDeclaration"] = cndp });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Durée de conservation après le règlement (mois, 0 = anonymisation au prochain passage) : indiquez un nombre entier de mois entre 0 et 120.",
            page.FieldError("Input_RetentionMonths"));
        Assert.Equal(months, page.QuerySelector("#Input_RetentionMonths")!.GetAttribute("value") ?? "");
        Assert.Equal((24, null), await SefrouAsync());
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PrivacyChanged)));
    }

    [Fact]
    public async Task The_Arabic_page_names_the_wrong_fields_in_Arabic_and_keeps_what_was_typed()
    {
        var admin = await SefrouAdminAsync("ar");
        var tooLong = new string('7', 65);
        var page = await (await SaveAsync(admin, new() { ["Input.RetentionMonths"] = "200", ["Input.CndpDeclaration"] = tooLong })).ParseAsync();
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("حقل «مدة الاحتفاظ بعد التسوية (بالأشهر، 0 = إخفاء الهوية عند المرور التالي)»: أدخل عددا صحيحا من الأشهر بين 0 و120.",
            page.FieldError("Input_RetentionMonths"));
        Assert.Contains("64 حرفا على الأكثر", page.FieldError("Input_CndpDeclaration"));
        Assert.Equal("200", page.QuerySelector("#Input_RetentionMonths")!.GetAttribute("value"));
        Assert.Equal(tooLong, page.QuerySelector("#Input_CndpDeclaration")!.GetAttribute("value"));
        Assert.Equal((24, null), await SefrouAsync());
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.ServiceAgent, "voirie")]
    public async Task Other_roles_are_sent_to_the_denied_page_and_see_no_link(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service));
        var response = await member.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Null((await member.GetPageAsync("/staff")).QuerySelector($"nav a[href='{Url}']"));
        // A form posted with the member's own valid token is refused all the same.
        var account = await member.GetPageAsync("/staff/account");
        var posted = await member.SubmitAsync(account, "form[method=post]", new Dictionary<string, string> { ["Input.RetentionMonths"] = "1" },
            action: $"{Url}?commune=sefrou");
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), posted.Headers.Location!).AbsolutePath);
        Assert.Equal((24, null), await SefrouAsync());
    }

    [Fact]
    public async Task Another_communes_administrator_can_neither_read_nor_change_Sefrous_settings()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var own = await kenitra.GetPageAsync(Url);
        Assert.Contains("Kénitra", own.QuerySelector("form#privacy-form h2")!.TextContent);
        Assert.NotEqual(HttpStatusCode.OK, (await kenitra.GetAsync($"{Url}?commune=sefrou")).StatusCode);
        var forged = await kenitra.SubmitAsync(own, "form#privacy-form", new Dictionary<string, string> { ["Input.RetentionMonths"] = "1" },
            action: $"{Url}?commune=sefrou");
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), forged.Headers.Location!).AbsolutePath);
        Assert.Equal((24, null), await SefrouAsync());
    }

    [Fact]
    public async Task The_platform_administrator_picks_the_commune()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        Assert.Null((await admin.GetPageAsync(Url)).QuerySelector("form#privacy-form"));
        var saved = await SaveAsync(admin, new() { ["Input.RetentionMonths"] = "36" }, $"{Url}?commune=safi");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(36, await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "safi").Select(c => c.PersonalDataRetentionMonths).SingleAsync()));
        Assert.Equal((24, null), await SefrouAsync());
    }

    [Fact]
    public async Task The_counter_clerk_has_the_notice_to_read_to_the_citizen()
    {
        var clerk = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var intake = await clerk.GetPageAsync("/staff/intake");
        Assert.Contains("La commune de Sefrou traite vos données", intake.QuerySelector("form .privacy-summary > p")!.TextContent);
        Assert.NotNull(intake.QuerySelector("form .privacy-summary details dl.privacy"));
    }

    public sealed class OnSqlite() : PrivacySettingsPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : PrivacySettingsPagesTests(DatabaseKind.Postgres);
}
