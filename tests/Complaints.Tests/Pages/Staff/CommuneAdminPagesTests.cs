using System.Net;
using Complaints.Tests.Files;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Complaints.Tests.Pages.Staff;

// /staff/admin/communes: the platform administrator opens, edits, switches off communes and gives them a logo and a
// host name; a commune administrator words their own; everyone else is sent away.
public abstract class CommuneAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/communes";

    async Task<HttpClient> PlatformAsync(string language = "fr") => await App.StaffBrowserAsync(await App.PlatformAdminAsync(), language);

    static string Path(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    static async Task<HttpResponseMessage> CreateAsync(HttpClient admin, Dictionary<string, string> values) =>
        await admin.SubmitAsync(await admin.GetPageAsync(Url), "form#create-form", values);

    static Dictionary<string, string> Ifrane(string code = "ifrane", string prefix = "IFR") => new()
    {
        ["New.Code"] = code, ["New.NameFr"] = "Ifrane", ["New.NameAr"] = "إفران", ["New.ReferencePrefix"] = prefix,
        ["New.ContactEmail"] = "contact@ifrane.example", ["New.Template"] = "standard",
    };

    [Fact]
    public async Task The_platform_administrator_opens_a_commune_from_the_standard_set_and_a_citizen_files_there()
    {
        var admin = await PlatformAsync();
        var page = await admin.GetPageAsync(Url);
        Assert.NotNull(page.QuerySelector($"nav a[href='{Url}']"));
        Assert.Equal(4, page.QuerySelectorAll("table.communes tbody tr").Length);
        Assert.Equal("standard", page.QuerySelector("input[name='New.Template'][checked]")!.GetAttribute("value"));

        var created = await CreateAsync(admin, Ifrane());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"{Url}?commune=ifrane", Path(created));
        page = await admin.GetPageAsync(Path(created));
        Assert.Equal("Commune Ifrane créée.", page.QuerySelector("p.notice[role=status]")!.TextContent);
        var row = page.QuerySelector("tr[data-code=ifrane]")!;
        Assert.Contains("IFR", row.TextContent);
        Assert.Contains("إفران", row.TextContent);
        Assert.Equal("Ifrane", page.QuerySelector("#Edit_NameFr")!.GetAttribute("value"));

        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/ifrane/file");
        Assert.Contains("Centre-ville", form.QuerySelector("#Input_District")!.TextContent);
        var filed = await citizen.PostFormAsync("/ifrane/file", form, Samples.Complaint());
        Assert.StartsWith("/receipt/IFR-", filed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_taken_code_is_named_beside_its_field_and_what_was_typed_stays()
    {
        var admin = await PlatformAsync();
        var response = await CreateAsync(admin, Ifrane(code: "sefrou"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Code : Une commune porte déjà ce code.", page.FieldError("New_Code"));
        Assert.Equal("Ifrane", page.QuerySelector("#New_NameFr")!.GetAttribute("value"));
        page = await (await CreateAsync(admin, Ifrane(prefix: "KEN"))).ParseAsync();
        Assert.Equal("Préfixe des références : Une autre commune a déjà ce préfixe.", page.FieldError("New_ReferencePrefix"));

        var arabic = await PlatformAsync("ar");
        page = await (await CreateAsync(arabic, Ifrane(prefix: "1"))).ParseAsync();
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.StartsWith("حقل «بادئة المراجع»", page.FieldError("New_ReferencePrefix"));
        Assert.Equal(4, await App.WithDbAsync(db => db.Communes.CountAsync()));
    }

    [Fact]
    public async Task A_logo_that_is_not_an_image_is_refused_and_a_PNG_is_printed_on_the_receipt()
    {
        var admin = await PlatformAsync();
        var page = await admin.GetPageAsync($"{Url}?commune=sefrou");
        var refused = await admin.PostFormAsync($"{Url}?commune=sefrou&handler=Logo", page, new Dictionary<string, string>(),
            [("logo", "logo.png", Samples.NotAnImage)]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Logo : Le logo doit être une image PNG ou JPEG.", (await refused.ParseAsync()).FieldError("logo"));
        var pdf = await admin.PostFormAsync($"{Url}?commune=sefrou&handler=Logo", page, new Dictionary<string, string>(), [("logo", "logo.pdf", TestImages.Pdf())]);
        Assert.Equal("Logo : Le logo doit être une image PNG ou JPEG.", (await pdf.ParseAsync()).FieldError("logo"));
        Assert.Null(await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").Select(c => c.LogoStorageKey).SingleAsync()));

        var png = TestImages.Encode(120, 60, SKEncodedImageFormat.Png);
        var saved = await admin.PostFormAsync($"{Url}?commune=sefrou&handler=Logo", page, new Dictionary<string, string>(), [("logo", "logo.png", png)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/sefrou/logo", (await admin.GetPageAsync(Path(saved))).QuerySelector("#logo-form img.commune-logo")!.GetAttribute("src"));

        var served = await App.Browser().GetAsync("/sefrou/logo");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        using (var bitmap = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync()))
            Assert.Equal((120, 60), (bitmap.Width, bitmap.Height));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync("/kenitra/logo")).StatusCode);
        Assert.Equal("/sefrou/logo", (await admin.GetPageAsync("/staff/report?commune=sefrou&year=2026")).QuerySelector(".report img.commune-logo")!.GetAttribute("src"));

        var citizen = App.Browser("fr");
        var filed = await citizen.PostFormAsync("/sefrou/file", await citizen.GetPageAsync("/sefrou/file"), Samples.Complaint());
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        Assert.EndsWith("/sefrou/logo", receipt.QuerySelector(".receipt img.commune-logo")!.GetAttribute("src"));
        Assert.Contains("/Subtype /Image", await PdfTextAsync(citizen, receipt));
        // A commune without a logo prints none.
        var other = await citizen.PostFormAsync("/kenitra/file", await citizen.GetPageAsync("/kenitra/file"), Samples.Complaint());
        var plain = await citizen.GetPageAsync(other.Headers.Location!.OriginalString);
        Assert.Null(plain.QuerySelector(".receipt img.commune-logo"));
        Assert.DoesNotContain("/Subtype /Image", await PdfTextAsync(citizen, plain));
    }

    // The receipt's PDF, read as text: its objects' dictionaries say whether an image is drawn.
    static async Task<string> PdfTextAsync(HttpClient citizen, AngleSharp.Dom.IDocument receipt)
    {
        var form = receipt.QuerySelector("form[action*='handler=Pdf']")!;
        var pdf = await citizen.PostFormAsync(form.GetAttribute("action")!, receipt,
            new Dictionary<string, string> { ["Code"] = receipt.QuerySelector(".secret")!.TextContent });
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        return System.Text.Encoding.Latin1.GetString(await pdf.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Under_its_host_name_the_home_page_is_the_communes_own_and_every_other_path_is_unchanged()
    {
        var admin = await PlatformAsync();
        var page = await admin.GetPageAsync($"{Url}?commune=sefrou");
        var saved = await admin.SubmitAsync(page, "form#edit-form", new Dictionary<string, string> { ["Edit.HostName"] = "reclamations.sefrou.ma" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var there = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://reclamations.sefrou.ma"), AllowAutoRedirect = false });
        there.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var home = await there.GetPageAsync("/");
        Assert.Equal("Sefrou", home.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("/sefrou/file", home.QuerySelector("a#file-here")!.GetAttribute("href"));
        Assert.Equal("/figures/sefrou", home.QuerySelector("a#figures-here")!.GetAttribute("href"));
        Assert.Null(home.QuerySelector("a[href='/kenitra/file']"));
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/kenitra/file")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/track")).StatusCode);

        var elsewhere = await App.Browser("fr").GetPageAsync("/");
        Assert.NotNull(elsewhere.QuerySelector("a[href='/kenitra/file']"));
        Assert.NotNull(elsewhere.QuerySelector("a[href='/sefrou/file']"));

        var invalid = await admin.SubmitAsync(await admin.GetPageAsync($"{Url}?commune=kenitra"), "form#edit-form",
            new Dictionary<string, string> { ["Edit.HostName"] = "reclamations.sefrou.ma" });
        Assert.Equal("Nom d'hôte : Une autre commune a déjà ce nom d'hôte.", (await invalid.ParseAsync()).FieldError("Edit_HostName"));
    }

    [Fact]
    public async Task Switched_off_under_its_own_host_name_the_home_page_says_so_and_the_commune_leaves_the_list_elsewhere()
    {
        var admin = await PlatformAsync();
        var page = await admin.GetPageAsync($"{Url}?commune=sefrou");
        // Unticked, the box sends nothing: the commune is switched off, under the host name given at the same time.
        var content = new MultipartFormDataContent
        {
            { new StringContent(page.Token()), "__RequestVerificationToken" },
            { new StringContent("Sefrou"), "Edit.NameFr" }, { new StringContent("صفرو"), "Edit.NameAr" },
            { new StringContent("reclamations.sefrou.ma"), "Edit.HostName" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"{Url}?commune=sefrou&handler=Edit", content)).StatusCode);

        var there = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://reclamations.sefrou.ma"), AllowAutoRedirect = false });
        there.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var home = await there.GetPageAsync("/");
        Assert.Equal("Sefrou", home.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(home.QuerySelector("a#file-here"));
        Assert.Equal("Cette commune ne reçoit plus de demandes en ligne pour le moment. Vous pouvez suivre une demande déjà déposée.",
            home.QuerySelector("p.notice[role=status]")!.TextContent);

        var elsewhere = await App.Browser("fr").GetPageAsync("/");
        Assert.Null(elsewhere.QuerySelector("a[href='/sefrou/file']"));
        Assert.NotNull(elsewhere.QuerySelector("a[href='/kenitra/file']"));
    }

    [Fact]
    public async Task Switched_off_on_the_page_the_commune_refuses_the_counter_with_a_clear_error_and_comes_back_when_switched_on()
    {
        var admin = await PlatformAsync();
        var page = await admin.GetPageAsync($"{Url}?commune=sefrou");
        Assert.NotNull(page.QuerySelector("#Edit_Active[checked]"));
        // Unticked, the box sends nothing: the commune is switched off.
        var content = new MultipartFormDataContent
        {
            { new StringContent(page.Token()), "__RequestVerificationToken" },
            { new StringContent("Sefrou"), "Edit.NameFr" }, { new StringContent("صفرو"), "Edit.NameAr" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"{Url}?commune=sefrou&handler=Edit", content)).StatusCode);
        page = await admin.GetPageAsync($"{Url}?commune=sefrou");
        Assert.Equal("Désactivée", page.QuerySelector("tr[data-code=sefrou] td.state")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync("/sefrou/file")).StatusCode);

        var clerk = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        var intake = await clerk.GetPageAsync("/staff/intake");
        Assert.Equal("Cette commune est désactivée : elle ne reçoit plus de demandes.", intake.QuerySelector("p.error-summary[role=alert]")!.TextContent);
        var fields = Samples.Complaint();
        fields["Input.Channel"] = "Counter";
        var refused = await clerk.PostFormAsync("/staff/intake", intake, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Cette commune est désactivée", (await refused.ParseAsync()).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(0, await App.CountComplaintsAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "form#edit-form", new Dictionary<string, string> { ["Edit.Active"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Browser().GetAsync("/sefrou/file")).StatusCode);
        var accepted = await clerk.PostFormAsync("/staff/intake", await clerk.GetPageAsync("/staff/intake"), fields);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_commune_administrator_edits_only_their_communes_names_and_address()
    {
        var admin = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true));
        var page = await admin.GetPageAsync(Url);
        Assert.NotNull(page.QuerySelector($"nav a[href='{Url}']"));
        Assert.Equal(["sefrou"], page.QuerySelectorAll("table.communes tbody tr").Select(r => r.GetAttribute("data-code")));
        Assert.Null(page.QuerySelector("form#create-form"));
        Assert.Null(page.QuerySelector("#Edit_Active"));
        Assert.Null(page.QuerySelector("#Edit_HostName"));
        Assert.Null(page.QuerySelector("form#logo-form"));

        var saved = await admin.SubmitAsync(page, "form#edit-form", new Dictionary<string, string> { ["Edit.ContactEmail"] = "chikayat@sefrou.example" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "sefrou"));
        Assert.Equal(("chikayat@sefrou.example", true), (stored.ContactEmail, stored.Active));

        // Forged posts: another commune, the creation, the activity, the logo.
        Assert.NotEqual(HttpStatusCode.OK, (await admin.GetAsync($"{Url}?commune=kenitra")).StatusCode);
        var forged = await admin.SubmitAsync(page, "form#edit-form", null, action: $"{Url}?commune=kenitra&handler=Edit");
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), forged.Headers.Location!).AbsolutePath);
        var create = await admin.PostFormAsync($"{Url}?handler=Create", page, Ifrane());
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), create.Headers.Location!).AbsolutePath);
        var logo = await admin.PostFormAsync($"{Url}?commune=sefrou&handler=Logo", page, new Dictionary<string, string>(),
            [("logo", "logo.png", TestImages.Encode(20, 20, SKEncodedImageFormat.Png))]);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), logo.Headers.Location!).AbsolutePath);
        await admin.PostFormAsync($"{Url}?handler=Edit", page, new Dictionary<string, string>
        {
            ["Edit.NameFr"] = "Sefrou", ["Edit.NameAr"] = "صفرو", ["Edit.Active"] = "false", ["Edit.HostName"] = "x.sefrou.ma",
        });
        stored = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "sefrou"));
        Assert.Equal((true, null, null), (stored.Active, stored.HostName, stored.LogoStorageKey));
        Assert.Equal(4, await App.WithDbAsync(db => db.Communes.CountAsync()));
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.ServiceAgent, "voirie")]
    [InlineData(Roles.Observer, null)]
    public async Task Other_roles_are_sent_to_the_denied_page_and_see_no_link(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service));
        var response = await member.GetAsync(Url);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Null((await member.GetPageAsync("/staff")).QuerySelector($"nav a[href='{Url}']"));
    }

    public sealed class OnSqlite() : CommuneAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CommuneAdminPagesTests(DatabaseKind.Postgres);
}
