using Complaints.Web.Api;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The commune's Open311 keys (ApiKeys, as the API): who issued each and when, its last use; a new key is shown on the
// answer to its issue and never again; a revocation is confirmed on a page of its own, so it needs no script.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class ApiKeysModel(AppDbContext db, ApiKeys keys, IStringLocalizer<SharedResource> l) : PageModel
{
    const string RevokedKey = "apikeys.revoked";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<ApiKey> Keys { get; private set; } = [];
    public IssuedApiKey? Issued { get; private set; }
    // The key whose revocation is being confirmed.
    public ApiKey? Revoking { get; private set; }
    public string? Revoked { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(string? commune, int? revoke, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        if (revoke is { } id)
        {
            Revoking = Keys.SingleOrDefault(k => k.Id == id);
            if (Revoking is null)
            {
                await ReachRefusals.LogIfElsewhereAsync(HttpContext, Scope, "api key", id, d => d.ApiKeys.Where(k => k.Id == id), ct);
                return NotFound();
            }
        }
        Revoked = TempData[RevokedKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var (issued, error) = await keys.IssueAsync(Scope, Commune, Name, ct);
        if (issued is null)
        {
            ModelState.AddModelError(nameof(Name), l[error!]);
            return Page();
        }
        // The key is in this answer only: not redirected (it would have to be kept somewhere to be shown), and
        // neither a proxy nor the browser's cache may keep the page.
        Response.Headers.CacheControl = "no-store";
        Issued = issued;
        Name = null;
        Keys = await keys.ListAsync(Commune, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? commune, int id, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        if (!await keys.RevokeAsync(Scope, Commune, id, ct))
            return NotFound();
        TempData[RevokedKey] = Keys.Single(k => k.Id == id).Name;
        return Redirect(Back(Commune));
    }

    public string Back(Commune commune) =>
        Scope.IsPlatformAdmin ? $"/staff/admin/api-keys?commune={Uri.EscapeDataString(commune.Code)}" : "/staff/admin/api-keys";

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        Keys = Commune is null ? [] : await keys.ListAsync(Commune, ct);
        return true;
    }
}
