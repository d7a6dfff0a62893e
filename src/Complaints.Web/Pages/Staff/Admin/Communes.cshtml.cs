using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The platform's communes: the platform administrator opens one (empty or with the standard set), switches it on
// or off, gives it a host name and a logo; a commune administrator words their own commune's names and contact
// address here. Every change goes through CommuneAdministration, as the API's do.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class CommunesModel(CommuneAdministration admin, IStringLocalizer<SharedResource> l) : PageModel
{
    const string NoticeKey = "communes.notice";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public string? Notice { get; private set; }

    [BindProperty]
    public NewInput New { get; set; } = new();

    [BindProperty]
    public EditInput Edit { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Notice = TempData[NoticeKey] as string;
        if (Commune is not null)
            Edit = new() { NameFr = Commune.NameFr, NameAr = Commune.NameAr, ContactEmail = Commune.ContactEmail, HostName = Commune.HostName, Active = Commune.Active };
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await LoadAsync(null, ct) || !Scope.IsPlatformAdmin)
            return Forbid();
        var draft = new CommuneDraft(New.Code, New.NameFr, New.NameAr, New.ReferencePrefix, New.ContactEmail, New.Template);
        return Answer(await admin.CreateAsync(Scope, draft, ct), "New", "staff.communes.created");
    }

    public async Task<IActionResult> OnPostEditAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        // A commune administrator's form has no activity or host name to send.
        var changes = Scope.IsPlatformAdmin
            ? new CommuneChanges(Edit.NameFr ?? "", Edit.NameAr ?? "", Edit.ContactEmail ?? "", Edit.Active, HostName: Edit.HostName ?? "")
            : new CommuneChanges(Edit.NameFr ?? "", Edit.NameAr ?? "", Edit.ContactEmail ?? "");
        return Answer(await admin.UpdateAsync(Scope, Commune.Code, changes, ct), "Edit", "staff.communes.saved");
    }

    public async Task<IActionResult> OnPostLogoAsync(string? commune, IFormFile? logo, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null || !Scope.IsPlatformAdmin)
            return Forbid();
        var upload = logo is null ? null : new Upload(logo.FileName, logo.Length, logo.OpenReadStream);
        var result = await admin.SetLogoAsync(Scope, Commune.Code, upload, ct);
        Edit = new() { NameFr = Commune.NameFr, NameAr = Commune.NameAr, ContactEmail = Commune.ContactEmail, HostName = Commune.HostName, Active = Commune.Active };
        return Answer(result, "Logo", "staff.communes.logo.saved");
    }

    IActionResult Answer(CommuneResult result, string form, string notice)
    {
        switch (result)
        {
            case CommuneResult.Done done:
                TempData[NoticeKey] = string.Format(l[notice], done.Commune.NameFr);
                return Redirect($"/staff/admin/communes?commune={Uri.EscapeDataString(done.Commune.Code)}");
            case CommuneResult.Forbidden:
                return Forbid();
            case CommuneResult.NotFound:
                return NotFound();
            case CommuneResult.Invalid invalid:
                foreach (var (field, key) in invalid.Errors)
                    AddError(form, field, key);
                return Page();
            case CommuneResult.Duplicate duplicate:
                AddError(form, duplicate.Field, duplicate.Error);
                return Page();
            default:
                throw new InvalidOperationException(result.GetType().Name);
        }
    }

    // "nameFr" of the form "New" is the field New.NameFr, labelled staff.communes.nameFr; the logo has its own input.
    void AddError(string form, string field, string key)
    {
        var name = form == "Logo" ? "logo" : $"{form}.{char.ToUpperInvariant(field[0])}{field[1..]}";
        ModelState.AddModelError(name, string.Format(l["staff.error.field"], l[$"staff.communes.{field}"], l[key]));
    }

    // A platform administrator sees every commune and edits the one picked; a commune administrator only their own.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (!Scope.ManagesUsers)
            return false;
        Communes = await admin.VisibleAsync(Scope, ct);
        Commune = Scope.IsPlatformAdmin ? Communes.SingleOrDefault(c => c.Code == code) : Communes.SingleOrDefault();
        return Scope.IsPlatformAdmin ? code is null || Commune is not null : Commune is not null && (code is null || code == Commune.Code);
    }

    public sealed class NewInput
    {
        public string? Code { get; set; }
        public string? NameFr { get; set; }
        public string? NameAr { get; set; }
        public string? ReferencePrefix { get; set; }
        public string? ContactEmail { get; set; }
        public string? Template { get; set; } = StandardTemplate.Standard;
    }

    public sealed class EditInput
    {
        public string? NameFr { get; set; }
        public string? NameAr { get; set; }
        public string? ContactEmail { get; set; }
        public string? HostName { get; set; }
        public bool Active { get; set; }
    }
}
