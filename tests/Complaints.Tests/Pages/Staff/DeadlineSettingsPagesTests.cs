using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Deadlines;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Pages.Staff;

public abstract class DeadlineSettingsPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/deadlines";
    static readonly DateOnly FiledOn = new(2026, 3, 10);

    async Task<HttpClient> SefrouAdminAsync(string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), language);

    // The name of one field of a category's row, as the form numbers them.
    static string CategoryField(IDocument page, string category, string field) =>
        page.QuerySelector($"input[type=hidden][value='{category}'][name^='Input.Categories']")!.GetAttribute("name")!.Replace(".Code", "." + field);

    async Task<HttpResponseMessage> SaveAsync(HttpClient admin, Dictionary<string, string> values, string url = Url)
    {
        var page = await admin.GetPageAsync(url);
        var named = values.ToDictionary(v => v.Key.StartsWith("voirie.") || v.Key.StartsWith("proprete.")
            ? CategoryField(page, v.Key.Split('.')[0], v.Key.Split('.')[1]) : v.Key, v => v.Value);
        return await admin.SubmitAsync(page, "form#deadlines-form", named);
    }

    // Files through the citizen form and reads the due dates the complaint was given.
    async Task<(DateOnly Transmission, DateOnly Response)> FileAsync(string category = "voirie")
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Samples.Complaint(category));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        var reference = receipt.QuerySelector(".reference")!.TextContent;
        var due = await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == reference)
            .Select(c => new { c.TransmissionDueOn, c.ResponseDueOn }).SingleAsync());
        Assert.Contains(due.ResponseDueOn.ToString("dd/MM/yyyy"), receipt.Body!.TextContent);
        return (due.TransmissionDueOn, due.ResponseDueOn);
    }

    [Fact]
    public async Task Working_days_set_by_the_commune_admin_skip_weekends_and_Eid_al_Fitr_for_complaints_filed_afterwards()
    {
        var before = await FileAsync();
        var admin = await SefrouAdminAsync();
        var page = await admin.GetPageAsync(Url);
        Assert.Contains("déposées ensuite", page.Body!.TextContent);
        Assert.Equal("60", page.QuerySelector("#Input_ResponseDays")!.GetAttribute("value"));

        var saved = await SaveAsync(admin, new() { ["Input.Mode"] = "WorkingDays", ["Input.TransmissionDays"] = "10", ["Input.ResponseDays"] = "20" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await admin.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("enregistrés", page.QuerySelector("p.notice[role=status]")!.TextContent);
        Assert.Equal("WorkingDays", page.QuerySelector("#Input_Mode option[selected]")!.GetAttribute("value"));

        var after = await FileAsync();
        var rules = new DeadlineRules(DeadlineMode.WorkingDays, 10, 20);
        Assert.Equal(DeadlineCalculator.For(FiledOn, rules, new MoroccanHolidays([])), new DueDates(after.Transmission, after.Response));
        // Ten working days from Tuesday 10 March: two weekends and Eid al-Fitr (Friday 20 March) are skipped.
        Assert.Equal(new DateOnly(2026, 3, 25), after.Transmission);
        Assert.Equal(new DateOnly(2026, 4, 8), after.Response);
        // The complaint filed before the change keeps the décret's 15 and 60 calendar days.
        Assert.Equal((new DateOnly(2026, 3, 25), new DateOnly(2026, 5, 9)), before);

        var audited = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.DeadlinesChanged).SingleAsync());
        Assert.Contains("mode CalendarDays→WorkingDays", audited.Details);
        Assert.Contains("response 60→20", audited.Details);
    }

    [Fact]
    public async Task A_categorys_own_rules_win_over_the_communes_and_an_empty_box_follows_the_commune()
    {
        var admin = await SefrouAdminAsync();
        var saved = await SaveAsync(admin, new()
        {
            ["Input.Mode"] = "WorkingDays", ["Input.TransmissionDays"] = "10", ["Input.ResponseDays"] = "20",
            ["voirie.Mode"] = "CalendarDays", ["voirie.ResponseDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await admin.GetPageAsync(Url);
        Assert.Equal("30", page.QuerySelector("#Category_voirie_ResponseDays")!.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector("#Category_voirie_TransmissionDays")!.GetAttribute("value") ?? "");

        // Voirie counts calendar days, with the commune's 10 days for transmission and its own 30 for the answer.
        Assert.Equal((new DateOnly(2026, 3, 20), new DateOnly(2026, 4, 9)), await FileAsync("voirie"));
        // Propreté has no rules of its own: the commune's working days.
        Assert.Equal((new DateOnly(2026, 3, 25), new DateOnly(2026, 4, 8)), await FileAsync("proprete"));

        // Emptying the boxes gives the category back to the commune's rules.
        await SaveAsync(admin, new() { ["voirie.Mode"] = "", ["voirie.ResponseDays"] = "" });
        Assert.Equal((new DateOnly(2026, 3, 25), new DateOnly(2026, 4, 8)), await FileAsync("voirie"));
    }

    [Fact]
    public async Task Wrong_values_are_refused_with_the_field_named_in_French_and_what_was_typed_kept()
    {
        var admin = await SefrouAdminAsync();
        var refused = await SaveAsync(admin, new()
        {
            ["Input.TransmissionDays"] = "abc", ["Input.ResponseDays"] = "400", ["Input.ContestDays"] = "0",
            ["voirie.ResponseDays"] = "5",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Equal("Transmission au service (jours) : indiquez un nombre entier de jours entre 1 et 365.", page.FieldError("Input_TransmissionDays"));
        Assert.Equal("Réponse (jours) : indiquez un nombre entier de jours entre 1 et 365.", page.FieldError("Input_ResponseDays"));
        Assert.Equal("Contestation possible après la réponse (jours) : indiquez un nombre entier de jours entre 1 et 365.", page.FieldError("Input_ContestDays"));
        Assert.Equal("abc", page.QuerySelector("#Input_TransmissionDays")!.GetAttribute("value"));
        Assert.Equal("400", page.QuerySelector("#Input_ResponseDays")!.GetAttribute("value"));
        Assert.Equal("5", page.QuerySelector("#Category_voirie_ResponseDays")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#Input_TransmissionDays']"));

        // Transmission after the answer is refused, for the commune and for a category (against the commune's 15 days).
        page = await (await SaveAsync(admin, new() { ["Input.TransmissionDays"] = "30", ["Input.ResponseDays"] = "20" })).ParseAsync();
        Assert.Equal("Transmission au service (jours) : la transmission au service ne peut pas prendre plus de jours que la réponse.", page.FieldError("Input_TransmissionDays"));
        page = await (await SaveAsync(admin, new() { ["voirie.ResponseDays"] = "5" })).ParseAsync();
        Assert.Equal("Voirie et trottoirs — Réponse (jours) : la transmission au service ne peut pas prendre plus de jours que la réponse.", page.FieldError("Category_voirie_ResponseDays"));

        var sefrou = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "sefrou"));
        Assert.Equal((15, 60, 30), (sefrou.TransmissionDays, sefrou.ResponseDays, sefrou.ContestDays));
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DeadlinesChanged)));
    }

    [Fact]
    public async Task The_Arabic_page_is_right_to_left_and_names_the_wrong_field_in_Arabic()
    {
        var admin = await SefrouAdminAsync("ar");
        var page = await admin.GetPageAsync(Url);
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("الآجال القانونية", page.QuerySelector("h1")!.TextContent);
        page = await (await SaveAsync(admin, new() { ["Input.ReminderDaysBefore"] = "-1", ["proprete.TransmissionDays"] = "x" })).ParseAsync();
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("حقل «تذكير المصالح قبل حلول الأجل (أيام، 0 = بدون تذكير)»: أدخل عددا صحيحا من الأيام بين 0 و365.", page.FieldError("Input_ReminderDaysBefore"));
        Assert.Equal("-1", page.QuerySelector("#Input_ReminderDaysBefore")!.GetAttribute("value"));
        Assert.Contains("النظافة والنفايات", page.FieldError("Category_proprete_TransmissionDays"));
        Assert.Equal("x", page.QuerySelector("#Category_proprete_TransmissionDays")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.ServiceAgent, "voirie")]
    [InlineData(Roles.Observer, null)]
    public async Task Other_roles_are_sent_to_the_denied_page_and_see_no_link(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service));
        var response = await member.GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(response.Headers.Location)).StatusCode);
        var inbox = await member.GetPageAsync("/staff");
        Assert.Null(inbox.QuerySelector($"nav a[href='{Url}']"));
    }

    [Fact]
    public async Task Another_communes_administrator_can_neither_read_nor_change_Sefrous_deadlines()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        var own = await kenitra.GetPageAsync(Url);
        Assert.NotNull(own.QuerySelector($"nav a[href='{Url}']"));
        Assert.Contains("Kénitra", own.QuerySelector("form#deadlines-form h2")!.TextContent);
        Assert.NotEqual(HttpStatusCode.OK, (await kenitra.GetAsync($"{Url}?commune=sefrou")).StatusCode);
        var forged = await kenitra.SubmitAsync(own, "form#deadlines-form", new Dictionary<string, string> { ["Input.ResponseDays"] = "90" },
            action: $"{Url}?commune=sefrou");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/staff/denied", new Uri(new Uri("http://localhost"), forged.Headers.Location!).AbsolutePath);
        Assert.Equal(60, await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").Select(c => c.ResponseDays).SingleAsync()));
    }

    [Fact]
    public async Task The_platform_administrator_picks_the_commune()
    {
        var admin = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var choose = await admin.GetPageAsync(Url);
        Assert.Null(choose.QuerySelector("form#deadlines-form"));
        var saved = await SaveAsync(admin, new() { ["Input.ResponseDays"] = "45", ["Input.EscalateLate"] = "false" }, $"{Url}?commune=safi");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var safi = await App.WithDbAsync(db => db.Communes.SingleAsync(c => c.Code == "safi"));
        Assert.Equal((45, false), (safi.ResponseDays, safi.EscalateLate));
        Assert.Equal(60, await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").Select(c => c.ResponseDays).SingleAsync()));
    }

    public sealed class OnSqlite() : DeadlineSettingsPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : DeadlineSettingsPagesTests(DatabaseKind.Postgres);
}
