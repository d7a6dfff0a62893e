using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Deadlines;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class HolidaysPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/holidays";

    static IElement Row(IDocument page, string code) => page.QuerySelector($"tr[data-code='{code}']")!;

    static Task<HttpResponseMessage> CorrectAsync(HttpClient admin, IDocument page, string code, string firstDay) =>
        admin.SubmitAsync(page, $"tr[data-code='{code}'] form.correct", new Dictionary<string, string> { ["Input.FirstDay"] = firstDay });

    async Task<DateOnly> FileTransmissionDueAsync()
    {
        var filed = await App.FileAsync();
        return filed.Complaint.TransmissionDueOn;
    }

    [Fact]
    public async Task The_cell_reads_every_holiday_of_the_year_in_Arabic_without_correcting_any()
    {
        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");
        var inbox = await cell.GetPageAsync("/staff");
        Assert.NotNull(inbox.QuerySelector($"nav a[href='{Url}']"));
        Assert.Null(inbox.QuerySelector("nav a[href='/staff/admin/deadlines']"));

        var page = await cell.GetPageAsync(Url);
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("2026", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(MoroccanHolidays.Computed(2026).Count, page.QuerySelectorAll("table.holidays tbody tr").Length);
        var fitr = Row(page, "eid-al-fitr");
        Assert.Contains("عيد الفطر", fitr.TextContent);
        Assert.Equal("20/03/2026, 21/03/2026", fitr.QuerySelector(".days")!.TextContent);
        Assert.Contains("هجري", fitr.TextContent);
        Assert.Contains("تقديري", fitr.QuerySelector(".state")!.TextContent);
        Assert.Contains("تاريخ ثابت", Row(page, "throne-day").TextContent);
        Assert.Empty(page.QuerySelectorAll("form.correct"));

        var other = await cell.GetPageAsync($"{Url}?year=2025");
        Assert.Equal("31/03/2025, 01/04/2025", Row(other, "eid-al-fitr").QuerySelector(".days")!.TextContent);
        var wrong = await cell.GetPageAsync($"{Url}?year=abc");
        Assert.Equal("اختر سنة بين 2000 و2100.", wrong.FieldError("year"));
    }

    [Fact]
    public async Task A_correction_moves_a_working_day_deadline_that_spans_the_holiday_and_its_removal_moves_it_back()
    {
        // Sefrou counts working days: ten of them from Tuesday 10 March skip Eid al-Fitr (forecast Friday 20 March).
        await App.WithDbAsync(async db =>
        {
            var sefrou = await db.Communes.SingleAsync(c => c.Code == "sefrou");
            sefrou.DeadlineMode = DeadlineMode.WorkingDays;
            sefrou.TransmissionDays = 10;
            await db.SaveChangesAsync();
        });
        Assert.Equal(new DateOnly(2026, 3, 25), await FileTransmissionDueAsync());

        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var page = await admin.GetPageAsync(Url);
        var saved = await CorrectAsync(admin, page, "eid-al-fitr", "2026-03-23");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Aïd Al Fitr 2026 : premier jour fixé au 23/03/2026.", page.QuerySelector("p.notice[role=status]")!.TextContent);
        var fitr = Row(page, "eid-al-fitr");
        Assert.Equal("23/03/2026, 24/03/2026", fitr.QuerySelector(".days")!.TextContent);
        Assert.Equal("Corrigée (prévision : 20/03/2026)", fitr.QuerySelector(".state")!.TextContent.Trim());

        // Friday 20 March now counts; Monday 23 and Tuesday 24 do not.
        Assert.Equal(new DateOnly(2026, 3, 26), await FileTransmissionDueAsync());

        // A second correction of the same holiday and year replaces the first.
        await CorrectAsync(admin, page, "eid-al-fitr", "2026-03-21");
        var stored = await App.WithDbAsync(db => db.HolidayCorrections.Where(c => c.Code == "eid-al-fitr").ToListAsync());
        Assert.Equal(new DateOnly(2026, 3, 21), Assert.Single(stored).FirstDay);
        Assert.Equal(2026, stored[0].Year);

        page = await admin.GetPageAsync(Url);
        var removed = await admin.SubmitAsync(page, "tr[data-code='eid-al-fitr'] form.remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.HolidayCorrections.AnyAsync()));
        page = await admin.GetPageAsync(Url);
        Assert.Contains("Prévision", Row(page, "eid-al-fitr").QuerySelector(".state")!.TextContent);
        Assert.Equal(new DateOnly(2026, 3, 25), await FileTransmissionDueAsync());

        var audited = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("holiday-")).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.HolidayCorrected, AuditActions.HolidayCorrected, AuditActions.HolidayCorrectionRemoved], audited.Select(a => a.Action));
        Assert.Equal("eid-al-fitr 2026: 2026-03-20→2026-03-23", audited[0].Details);
    }

    [Fact]
    public async Task A_date_far_from_the_forecast_or_not_a_date_is_refused_naming_the_holiday_and_keeping_what_was_typed()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var page = await admin.GetPageAsync(Url);
        var refused = await (await CorrectAsync(admin, page, "eid-al-adha", "2026-06-27")).ParseAsync();
        Assert.Equal("Aïd Al Adha — Premier jour : choisissez un jour à trois jours au plus de la prévision (27/05/2026).", refused.FieldError("FirstDay_eid-al-adha"));
        Assert.Equal("2026-06-27", refused.QuerySelector("#FirstDay_eid-al-adha")!.GetAttribute("value"));

        var arabic = await App.StaffBrowserAsync(await App.PlatformAdminAsync(), "ar");
        page = await arabic.GetPageAsync(Url);
        refused = await (await CorrectAsync(arabic, page, "mawlid", "27/08/2026")).ParseAsync();
        Assert.Equal("rtl", refused.DocumentElement.GetAttribute("dir"));
        Assert.Equal("حقل «عيد المولد النبوي — اليوم الأول»: أدخل تاريخا بصيغة سنة-شهر-يوم (aaaa-mm-jj).", refused.FieldError("FirstDay_mawlid"));
        Assert.Equal("27/08/2026", refused.QuerySelector("#FirstDay_mawlid")!.GetAttribute("value"));

        // Fixed holidays offer no form; a forged correction is refused.
        Assert.Null(page.QuerySelector("tr[data-code='labour-day'] form"));
        var forged = await (await admin.SubmitAsync(await admin.GetPageAsync(Url), "tr[data-code='mawlid'] form.correct",
            new Dictionary<string, string> { ["Input.Code"] = "labour-day", ["Input.FirstDay"] = "2026-05-02" })).ParseAsync();
        Assert.Contains("Fête du Travail — Premier jour : cette fête a une date fixe et ne se corrige pas.", forged.QuerySelector(".error-summary")!.TextContent);
        Assert.False(await App.WithDbAsync(db => db.HolidayCorrections.AnyAsync()));
    }

    [Theory]
    [InlineData(Roles.CommuneAdmin)]
    [InlineData(Roles.ComplaintsCell)]
    public async Task Readers_cannot_correct(string role)
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var adminPage = await admin.GetPageAsync(Url);
        var reader = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", twoFactor: role == Roles.CommuneAdmin));
        var page = await reader.GetPageAsync(Url);
        Assert.Empty(page.QuerySelectorAll("form.correct"));
        // The admin's form, posted with the reader's own token.
        // The holidays page holds no form for them: any of their own pages gives their antiforgery token.
        var token = (await reader.GetPageAsync("/staff/account")).Token();
        var response = await reader.PostAsync(adminPage.QuerySelector("tr[data-code='eid-al-fitr'] form.correct")!.GetAttribute("action"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Code"] = "eid-al-fitr", ["Input.Year"] = "2026", ["Input.FirstDay"] = "2026-03-21",
            }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.False(await App.WithDbAsync(db => db.HolidayCorrections.AnyAsync()));
    }

    [Theory]
    [InlineData(Roles.ServiceAgent, "voirie")]
    [InlineData(Roles.Observer, null)]
    public async Task Services_and_observers_are_sent_to_the_denied_page(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service));
        var response = await member.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Null((await member.GetPageAsync("/staff")).QuerySelector($"nav a[href='{Url}']"));
    }

    public sealed class OnSqlite() : HolidaysPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : HolidaysPagesTests(DatabaseKind.Postgres);
}
