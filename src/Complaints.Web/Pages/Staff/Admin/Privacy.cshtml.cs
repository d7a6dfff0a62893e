using System.Globalization;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// What the commune's privacy notice states and the retention pass applies (loi 09-08, ADR 12): how long a
// settled complaint keeps its personal data, and the commune's CNDP declaration number.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class PrivacySettingsModel(AppDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    const string SavedKey = "privacy.saved";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public bool Saved { get; private set; }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Saved = TempData[SavedKey] is true;
        if (Commune is not null)
            Input = new()
            {
                RetentionMonths = Commune.PersonalDataRetentionMonths.ToString(CultureInfo.InvariantCulture),
                CndpDeclaration = Commune.CndpDeclaration,
            };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var months = Input.RetentionMonths?.Trim();
        if (!int.TryParse(months, NumberStyles.None, CultureInfo.InvariantCulture, out var retention) || retention > Commune.MaxRetentionMonths)
            AddError("Input.RetentionMonths", "staff.privacy.retention", string.Format(l["staff.privacy.error.months"], 0, Commune.MaxRetentionMonths));
        var declaration = string.IsNullOrWhiteSpace(Input.CndpDeclaration) ? null : Input.CndpDeclaration.Trim();
        if (declaration?.Length > Commune.CndpDeclarationMax)
            AddError("Input.CndpDeclaration", "staff.privacy.cndp", string.Format(l["staff.privacy.error.cndp"], Commune.CndpDeclarationMax));
        if (!ModelState.IsValid)
            return Page();

        var stored = await db.Communes.SingleAsync(c => c.Id == Commune.Id, ct);
        var changes = new List<string>();
        if (stored.PersonalDataRetentionMonths != retention)
            changes.Add($"retention {stored.PersonalDataRetentionMonths}→{retention}");
        if (stored.CndpDeclaration != declaration)
            changes.Add($"cndp {stored.CndpDeclaration ?? "none"}→{declaration ?? "none"}");
        stored.PersonalDataRetentionMonths = retention;
        stored.CndpDeclaration = declaration;
        if (changes.Count > 0)
            audit.Record(Scope, AuditActions.PrivacyChanged, Commune.Id, details: string.Join("; ", changes));
        await db.SaveChangesAsync(ct);
        TempData[SavedKey] = true;
        return Redirect($"/staff/admin/privacy?commune={Commune.Code}");
    }

    void AddError(string key, string labelKey, string message) =>
        ModelState.AddModelError(key, string.Format(l["staff.error.field"], l[labelKey], message));

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        return true;
    }

    // Text fields, so that whatever was typed comes back with its error.
    public sealed class SettingsInput
    {
        public string? RetentionMonths { get; set; }
        public string? CndpDeclaration { get; set; }
    }
}
