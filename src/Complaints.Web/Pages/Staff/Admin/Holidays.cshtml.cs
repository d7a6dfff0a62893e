using System.Globalization;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The Moroccan public holidays of a year, as working-day deadlines count them. The Hijri ones are a
// forecast until the moon is sighted: the platform administrator corrects their first day (the holidays
// are national); commune administrators and the cell read them.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin},{Roles.ComplaintsCell}")]
public class HolidaysModel(AppDbContext db, ComplaintClock clock, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    const string NoticeKey = "holidays.notice";
    // Morocco starts a Hijri month on a local sighting, a day or two from any computed calendar (see
    // MoroccanHolidays); three days either way leaves room for that and still catches a wrong month or year.
    public const int MaxShiftDays = 3;
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public StaffScope Scope { get; private set; } = null!;
    public int Year { get; private set; }
    public IReadOnlyList<Holiday> Holidays { get; private set; } = [];
    public IReadOnlyList<Holiday> Forecast { get; private set; } = [];
    public string? Notice { get; private set; }

    public bool MayCorrect => Scope.IsPlatformAdmin;

    [BindProperty]
    public CorrectionInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? year, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        var chosen = LegalDeadlines.Today(time).Year;
        if (!string.IsNullOrEmpty(year))
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= FirstYear and <= LastYear)
                chosen = y;
            else
                ModelState.AddModelError("year", string.Format(l["staff.holidays.error.year"], FirstYear, LastYear));
        }
        await LoadAsync(chosen, ct);
        Notice = TempData[NoticeKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (!MayCorrect)
            return Forbid();
        if (Input.Year is not (>= FirstYear and <= LastYear) || Input.Code is null || !MoroccanHolidays.IsKnownCode(Input.Code))
            return BadRequest();
        var year = Input.Year.Value;
        var key = FieldKey(Input.Code);
        var definition = MoroccanHolidays.Definitions.Single(d => d.Code == Input.Code);
        var forecast = MoroccanHolidays.Computed(year).Where(h => h.Code == Input.Code).ToList();
        DateOnly day = default;
        if (definition.Kind == HolidayKind.Fixed || forecast.Count == 0)
            ModelState.AddModelError(key, Label(definition, l["staff.holidays.error.fixed"]));
        else if (!DateOnly.TryParseExact(Input.FirstDay?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            ModelState.AddModelError(key, Label(definition, l["staff.holidays.error.date"]));
        else if (forecast.MinBy(h => Math.Abs(h.FirstDay.DayNumber - day.DayNumber)) is { } nearest
            && Math.Abs(nearest.FirstDay.DayNumber - day.DayNumber) > MaxShiftDays)
            ModelState.AddModelError(key, Label(definition, string.Format(l["staff.holidays.error.range"], Display.Date(nearest.FirstDay))));
        if (!ModelState.IsValid)
        {
            await LoadAsync(year, ct);
            return Page();
        }

        // One correction per holiday and year (unique Code+Year): a second one replaces the first.
        var stored = await db.HolidayCorrections.SingleOrDefaultAsync(c => c.Code == Input.Code && c.Year == year, ct);
        var before = stored?.FirstDay;
        if (stored is null)
        {
            stored = new StoredHolidayCorrection { Code = Input.Code, Year = year };
            db.HolidayCorrections.Add(stored);
        }
        stored.FirstDay = day;
        stored.UpdatedAt = time.GetUtcNow().UtcDateTime;
        stored.UpdatedBy = Scope.Email;
        audit.Record(Scope, AuditActions.HolidayCorrected,
            details: $"{Input.Code} {year}: {Iso(before ?? forecast.MinBy(h => Math.Abs(h.FirstDay.DayNumber - day.DayNumber))!.FirstDay)}→{Iso(day)}");
        await db.SaveChangesAsync(ct);
        TempData[NoticeKey] = string.Format(l["staff.holidays.saved"], definition.Name.In(Localization.Current), year, Display.Date(day));
        return Redirect($"/staff/admin/holidays?year={year}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (!MayCorrect)
            return Forbid();
        if (Input.Year is not { } year || Input.Code is null || !MoroccanHolidays.IsKnownCode(Input.Code))
            return BadRequest();
        var stored = await db.HolidayCorrections.SingleOrDefaultAsync(c => c.Code == Input.Code && c.Year == year, ct);
        if (stored is not null)
        {
            db.HolidayCorrections.Remove(stored);
            audit.Record(Scope, AuditActions.HolidayCorrectionRemoved, details: $"{Input.Code} {year}: {Iso(stored.FirstDay)}→forecast");
            await db.SaveChangesAsync(ct);
        }
        TempData[NoticeKey] = string.Format(l["staff.holidays.removed"], MoroccanHolidays.Definitions.Single(d => d.Code == Input.Code).Name.In(Localization.Current), year);
        return Redirect($"/staff/admin/holidays?year={year}");
    }

    public static string FieldKey(string code) => "FirstDay." + code;

    string Label(MoroccanHolidays.Definition d, string message) =>
        string.Format(l["staff.error.field"], $"{d.Name.In(Localization.Current)} — {l["staff.holidays.firstday"]}", message);

    static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task LoadAsync(int year, CancellationToken ct)
    {
        Year = year;
        Holidays = (await clock.HolidaysAsync(ct)).In(year);
        Forecast = MoroccanHolidays.Computed(year);
    }

    // The forecast day of this occurrence, to show beside a corrected one.
    public DateOnly ForecastOf(Holiday h) =>
        Forecast.Where(f => f.Code == h.Code && f.HijriYear == h.HijriYear).Select(f => f.FirstDay).FirstOrDefault(h.FirstDay);

    public sealed class CorrectionInput
    {
        public string? Code { get; set; }
        public int? Year { get; set; }
        public string? FirstDay { get; set; }
    }
}
