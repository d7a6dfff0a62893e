using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages;

public abstract class PrivacyNoticePagesTests(DatabaseKind kind) : AppTest(kind)
{
    Task SetSefrouAsync(int? months = null, string? cndp = null, string? email = null) => App.WithDbAsync(async db =>
    {
        var sefrou = await db.Communes.SingleAsync(c => c.Code == "sefrou");
        sefrou.PersonalDataRetentionMonths = months ?? sefrou.PersonalDataRetentionMonths;
        sefrou.CndpDeclaration = cndp;
        sefrou.ContactEmail = email;
        await db.SaveChangesAsync();
    });

    static string Text(IElement? element) => element!.TextContent.ReplaceLineEndings(" ");

    [Fact]
    public async Task The_form_says_who_keeps_the_data_for_how_long_and_how_to_use_ones_rights_with_the_full_notice_one_tap_away()
    {
        var form = await App.Browser("fr").GetPageAsync("/sefrou/file");
        var summary = Text(form.QuerySelector("form .privacy-summary > p"));
        Assert.Contains("La commune de Sefrou traite vos données pour instruire votre demande", summary);
        Assert.Contains("conservées 24 mois après le règlement de votre demande, puis anonymisées", summary);
        Assert.Contains("les faire rectifier ou effacer, et vous opposer à leur traitement", summary);

        // The whole notice sits in a <details>, readable without script.
        var notice = Text(form.QuerySelector("form .privacy-summary details dl.privacy"));
        Assert.Contains("Responsable du traitement", notice);
        Assert.Contains("décret n° 2-17-265", notice);
        Assert.Contains("chiffres publiés sont agrégés", notice);
        Assert.Contains("La cellule des réclamations de la commune et le service chargé de traiter votre demande", notice);
        Assert.Contains("depuis la page de suivi de votre demande, avec sa référence et son code d'accès", notice);
        Assert.NotNull(form.QuerySelector("details a[href='/track']"));
        Assert.NotNull(form.QuerySelector("details a[href='/sefrou/privacy']"));
        Assert.NotNull(form.QuerySelector("footer a[href='/sefrou/privacy']"));
        // A commune that has not given its CNDP number or an address says nothing about them.
        Assert.DoesNotContain("CNDP", form.Body!.TextContent);
        Assert.Null(form.QuerySelector(".privacy a[href^='mailto:']"));
    }

    [Fact]
    public async Task The_CNDP_number_and_the_communes_address_appear_once_the_commune_has_them()
    {
        await SetSefrouAsync(cndp: "D-GC-117/2025", email: "reclamations@sefrou.ma");
        var page = await App.Browser("fr").GetPageAsync("/sefrou/privacy");
        Assert.Contains("Sefrou", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("D-GC-117/2025", page.QuerySelector("dl.privacy .cndp")!.TextContent);
        Assert.Contains("Commission nationale de contrôle de la protection des données à caractère personnel", Text(page.QuerySelector("dl.privacy")));
        Assert.Equal("reclamations@sefrou.ma", page.QuerySelector("dl.privacy a[href='mailto:reclamations@sefrou.ma']")!.TextContent);
        // Another commune's notice keeps to its own settings.
        var kenitra = await App.Browser("fr").GetPageAsync("/kenitra/privacy");
        Assert.Contains("La commune de Kénitra.", Text(kenitra.QuerySelector("dl.privacy")));
        Assert.DoesNotContain("CNDP", kenitra.Body!.TextContent);
    }

    [Fact]
    public async Task A_commune_that_keeps_nothing_after_settlement_says_so()
    {
        await SetSefrouAsync(months: 0);
        var form = await App.Browser("fr").GetPageAsync("/sefrou/file");
        Assert.Contains("conservées jusqu'au règlement de votre demande, puis anonymisées", Text(form.QuerySelector(".privacy-summary > p")));
        Assert.DoesNotContain("0 mois", form.Body!.TextContent);
    }

    [Theory]
    [InlineData(24, "لمدة 24 شهرا بعد تسوية طلبكم")]
    [InlineData(6, "لمدة 6 أشهر بعد تسوية طلبكم")]
    [InlineData(2, "لمدة شهرين بعد تسوية طلبكم")]
    [InlineData(0, "إلى حين تسوية طلبكم")]
    public async Task The_Arabic_notice_is_right_to_left_and_counts_the_months_in_Arabic(int months, string period)
    {
        await SetSefrouAsync(months: months, cndp: "D-GC-117/2025");
        var form = await App.Browser("ar").GetPageAsync("/sefrou/file");
        Assert.Equal("rtl", form.DocumentElement.GetAttribute("dir"));
        var summary = Text(form.QuerySelector(".privacy-summary > p"));
        Assert.Contains("تعالج جماعة صفرو معطياتكم", summary);
        Assert.Contains(period, summary);
        var notice = Text(form.QuerySelector("details dl.privacy"));
        Assert.Contains("خلية الشكايات بالجماعة", notice);
        Assert.Contains("طلب تصحيحها أو محوها، والتعرض على معالجتها", notice);
        Assert.Contains("اللجنة الوطنية لمراقبة حماية المعطيات", notice);
        Assert.Equal("ltr", form.QuerySelector("dl.privacy .cndp")!.GetAttribute("dir"));
    }

    [Fact]
    public async Task The_receipt_links_to_the_communes_notice()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint());
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        var link = receipt.QuerySelector("article.receipt .privacy-link a")!;
        Assert.Equal("/sefrou/privacy", new Uri(link.GetAttribute("href")!).AbsolutePath);
        Assert.Contains("comment exercer vos droits", receipt.QuerySelector("article.receipt .privacy-link")!.TextContent);
        Assert.NotNull(receipt.QuerySelector("footer a[href='/sefrou/privacy']"));
    }

    [Fact]
    public async Task An_unknown_commune_has_no_notice()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser("fr").GetAsync("/atlantis/privacy")).StatusCode);
    }

    public sealed class OnSqlite() : PrivacyNoticePagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : PrivacyNoticePagesTests(DatabaseKind.Postgres);
}
