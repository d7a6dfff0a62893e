using System.Globalization;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The commune's legal clocks (décret 2-17-265: 15 and 60 calendar days unless the commune decides
// otherwise) and a category's own rules. New values apply to complaints filed afterwards: the due dates
// of a complaint are set at filing (ComplaintClock.OnFilingAsync).
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class DeadlinesModel(AppDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    const string SavedKey = "deadlines.saved";
    public const int MaxDays = 365;

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<Category> Categories { get; private set; } = [];
    public bool Saved { get; private set; }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Saved = TempData[SavedKey] is true;
        if (Commune is not null)
            Input = SettingsInput.From(Commune, Categories);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var mode = Mode(Input.Mode, "Input.Mode", "staff.deadlines.mode", allowEmpty: false);
        var transmission = Days(Input.TransmissionDays, "Input.TransmissionDays", "staff.deadlines.transmission", 1, required: true);
        var response = Days(Input.ResponseDays, "Input.ResponseDays", "staff.deadlines.response", 1, required: true);
        var contest = Days(Input.ContestDays, "Input.ContestDays", "staff.deadlines.contest", 1, required: true);
        var reminder = Days(Input.ReminderDaysBefore, "Input.ReminderDaysBefore", "staff.deadlines.reminder", 0, required: true);
        if (transmission > response)
            AddError("Input.TransmissionDays", l["staff.deadlines.transmission"], l["staff.deadlines.error.order"]);

        var overrides = new Dictionary<int, (DeadlineMode? Mode, int? Transmission, int? Response)>();
        foreach (var category in Categories)
        {
            // The form posts one row per category; a row that is missing means "no override".
            var row = Input.Categories.FirstOrDefault(r => r.Code == category.Code) ?? new CategoryInput { Code = category.Code };
            var name = category.Name.In(Hosting.Localization.Current);
            var key = CategoryKey(category.Code);
            var m = Mode(row.Mode, key + ".Mode", null, allowEmpty: true, name + " — " + l["staff.deadlines.mode"]);
            var t = Days(row.TransmissionDays, key + ".TransmissionDays", null, 1, required: false, name + " — " + l["staff.deadlines.transmission"]);
            var r = Days(row.ResponseDays, key + ".ResponseDays", null, 1, required: false, name + " — " + l["staff.deadlines.response"]);
            // The order rule holds for what the category will actually count, its own values or the commune's.
            if ((t ?? transmission) > (r ?? response) && (t is not null || r is not null))
                AddError(key + (t is not null ? ".TransmissionDays" : ".ResponseDays"),
                    name + " — " + l[t is not null ? "staff.deadlines.transmission" : "staff.deadlines.response"], l["staff.deadlines.error.order"]);
            overrides[category.Id] = (m, t, r);
        }
        if (!ModelState.IsValid)
            return Page();

        var stored = await db.Communes.SingleAsync(c => c.Id == Commune.Id, ct);
        var changes = new List<string>();
        void Set<T>(string what, T before, T after, Action<T> apply)
        {
            if (EqualityComparer<T>.Default.Equals(before, after))
                return;
            changes.Add($"{what} {Text(before)}→{Text(after)}");
            apply(after);
        }
        Set("mode", stored.DeadlineMode, mode!.Value, v => stored.DeadlineMode = v);
        Set("transmission", stored.TransmissionDays, transmission!.Value, v => stored.TransmissionDays = v);
        Set("response", stored.ResponseDays, response!.Value, v => stored.ResponseDays = v);
        Set("contest", stored.ContestDays, contest!.Value, v => stored.ContestDays = v);
        Set("reminder", stored.ReminderDaysBefore, reminder!.Value, v => stored.ReminderDaysBefore = v);
        Set("escalate", stored.EscalateLate, Input.EscalateLate, v => stored.EscalateLate = v);
        var categories = await db.Categories.Where(c => c.CommuneId == Commune.Id).ToListAsync(ct);
        foreach (var category in categories)
        {
            var (m, t, r) = overrides[category.Id];
            Set($"{category.Code}.mode", category.DeadlineMode, m, v => category.DeadlineMode = v);
            Set($"{category.Code}.transmission", category.TransmissionDays, t, v => category.TransmissionDays = v);
            Set($"{category.Code}.response", category.ResponseDays, r, v => category.ResponseDays = v);
        }
        if (changes.Count > 0)
            audit.Record(Scope, AuditActions.DeadlinesChanged, Commune.Id, details: string.Join("; ", changes));
        await db.SaveChangesAsync(ct);
        TempData[SavedKey] = true;
        return Redirect($"/staff/admin/deadlines?commune={Commune.Code}");
    }

    public static string CategoryKey(string code) => "Category." + code;

    static string Text<T>(T value) => value switch
    {
        null => "commune",
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    DeadlineMode? Mode(string? value, string key, string? labelKey, bool allowEmpty, string? label = null)
    {
        if (string.IsNullOrEmpty(value) && allowEmpty)
            return null;
        if (Enum.TryParse<DeadlineMode>(value, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _))
            return mode;
        AddError(key, label ?? l[labelKey!], l["staff.deadlines.error.mode"]);
        return null;
    }

    int? Days(string? value, string key, string? labelKey, int min, bool required, string? label = null)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) && !required)
            return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= min && days <= MaxDays)
            return days;
        AddError(key, label ?? l[labelKey!], string.Format(l["staff.deadlines.error.days"], min, MaxDays));
        return null;
    }

    void AddError(string key, string label, string message)
    {
        if (!ModelState.ContainsKey(key) || ModelState[key]!.Errors.Count == 0)
            ModelState.AddModelError(key, string.Format(l["staff.error.field"], label, message));
    }

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        if (Commune is not null)
            Categories = (await db.Categories.AsNoTracking().Where(c => c.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(Hosting.Localization.Current);
        return true;
    }

    // Text fields, so that whatever was typed comes back with its error.
    public sealed class SettingsInput
    {
        public string? Mode { get; set; }
        public string? TransmissionDays { get; set; }
        public string? ResponseDays { get; set; }
        public string? ContestDays { get; set; }
        public string? ReminderDaysBefore { get; set; }
        public bool EscalateLate { get; set; }
        public List<CategoryInput> Categories { get; set; } = [];

        public static SettingsInput From(Commune commune, IEnumerable<Category> categories) => new()
        {
            Mode = commune.DeadlineMode.ToString(),
            TransmissionDays = Number(commune.TransmissionDays),
            ResponseDays = Number(commune.ResponseDays),
            ContestDays = Number(commune.ContestDays),
            ReminderDaysBefore = Number(commune.ReminderDaysBefore),
            EscalateLate = commune.EscalateLate,
            Categories = categories.Select(c => new CategoryInput
            {
                Code = c.Code,
                Mode = c.DeadlineMode?.ToString(),
                TransmissionDays = Number(c.TransmissionDays),
                ResponseDays = Number(c.ResponseDays),
            }).ToList(),
        };

        static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
    }

    public sealed class CategoryInput
    {
        public string? Code { get; set; }
        public string? Mode { get; set; }
        public string? TransmissionDays { get; set; }
        public string? ResponseDays { get; set; }
    }
}
