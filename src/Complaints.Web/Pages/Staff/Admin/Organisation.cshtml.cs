using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Organisation;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// A commune's services, categories and districts, one kind per address (/staff/admin/services, …/categories,
// …/districts): listed in their order, added, renamed, moved up or down, deactivated and reactivated, through
// OrganisationItems as the API does. Nothing is deleted: complaints keep pointing at what they were filed under.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class OrganisationModel(AppDbContext db, OrganisationItems organisation, IStringLocalizer<SharedResource> l) : PageModel
{
    const string SavedKey = "organisation.saved";

    public ItemKind Kind { get; private set; }
    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<CommuneItem> Items { get; private set; } = [];
    // The services a category may be routed to: the active ones, and the one it has now.
    public List<Service> Services { get; private set; } = [];
    // The item the form changes; none: the form adds one.
    public CommuneItem? Editing { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty]
    public ItemInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string kind, string? commune, string? edit, CancellationToken ct)
    {
        if (await LoadAsync(kind, commune, ct) is { } refused)
            return refused;
        Saved = TempData[SavedKey] as string;
        if (edit is not null && Commune is not null)
        {
            Editing = Items.SingleOrDefault(i => i.Code == edit);
            if (Editing is null)
                return NotFound();
            Input = ItemInput.From(Editing);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string kind, string? commune, CancellationToken ct)
    {
        if (await LoadAsync(kind, commune, ct) is { } refused)
            return refused;
        if (Commune is null)
            return NotFound();
        if (!string.IsNullOrEmpty(Input.Original))
        {
            Editing = Items.SingleOrDefault(i => i.Code == Input.Original);
            if (Editing is null)
                return NotFound();
        }
        // An emptied description is removed; the code is given only when adding.
        var values = new ItemValues(Editing is null ? Input.Code ?? "" : null, Input.NameFr ?? "", Input.NameAr ?? "", Input.Active, null,
            Kind == ItemKind.Category ? Input.DescriptionFr ?? "" : null, Kind == ItemKind.Category ? Input.DescriptionAr ?? "" : null,
            Kind == ItemKind.Category ? Input.Service ?? "" : null);
        var result = Editing is null
            ? await organisation.CreateAsync(Scope, Commune, Kind, values, ct)
            : await organisation.UpdateAsync(Scope, Commune, Kind, Editing.Code, values, ct);
        return Answer(result);
    }

    // The row's own button: deactivating or reactivating changes nothing else.
    public async Task<IActionResult> OnPostActiveAsync(string kind, string? commune, string? code, bool active, CancellationToken ct)
    {
        if (await LoadAsync(kind, commune, ct) is { } refused)
            return refused;
        Editing = Items.SingleOrDefault(i => i.Code == code);
        if (Commune is null || Editing is null)
            return NotFound();
        var result = await organisation.UpdateAsync(Scope, Commune, Kind, Editing.Code, new ItemValues(Active: active), ct);
        // Refused (a service still routing an active category): the item's form shows why.
        if (result is ItemResult.Invalid)
            Input = ItemInput.From(Editing) with { Active = active };
        return Answer(result);
    }

    public async Task<IActionResult> OnPostMoveAsync(string kind, string? commune, string? code, int by, CancellationToken ct)
    {
        if (await LoadAsync(kind, commune, ct) is { } refused)
            return refused;
        if (Commune is null || code is null)
            return NotFound();
        return Answer(await organisation.MoveAsync(Scope, Commune, Kind, code, by, Localization.Current, ct));
    }

    IActionResult Answer(ItemResult result)
    {
        switch (result)
        {
            case ItemResult.Done done:
                TempData[SavedKey] = done.Item.Name.In(Localization.Current);
                return Redirect(Link());
            case ItemResult.NotFound:
                return NotFound();
            case ItemResult.Duplicate:
                AddError("code", ItemResult.CodeTaken);
                break;
            case ItemResult.Invalid invalid:
                foreach (var (field, key) in invalid.Errors)
                    AddError(field, key);
                break;
        }
        return Page();
    }

    // Where this list is, with the commune a platform administrator chose.
    public string Link(string? edit = null)
    {
        var query = new List<string>();
        if (Scope.IsPlatformAdmin && Commune is not null)
            query.Add("commune=" + Uri.EscapeDataString(Commune.Code));
        if (edit is not null)
            query.Add("edit=" + Uri.EscapeDataString(edit));
        return $"/staff/admin/{Kind.Plural()}" + (query.Count > 0 ? "?" + string.Join("&", query) : "") + (edit is not null ? "#item-form" : "");
    }

    public static string InputKey(string field) => "Input." + char.ToUpperInvariant(field[0]) + field[1..];

    void AddError(string field, string key) =>
        ModelState.AddModelError(InputKey(field), string.Format(l["staff.error.field"], l[$"staff.organisation.field.{field}"], l[key]));

    // A role that administers no commune is refused; a commune out of reach is, for this person, no commune at all.
    async Task<IActionResult?> LoadAsync(string kind, string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (ItemKinds.FromPlural(kind) is not { } itemKind)
            return NotFound();
        Kind = itemKind;
        if (!Scope.ManagesUsers)
            return Forbid();
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return NotFound();
        (Communes, Commune) = administered;
        if (Commune is null)
            return null;
        var lang = Localization.Current;
        Items = Kind switch
        {
            ItemKind.Service => [.. (await db.Services.AsNoTracking().Where(s => s.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(lang)],
            ItemKind.Category => [.. (await db.Categories.AsNoTracking().Include(c => c.DefaultService).Where(c => c.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(lang)],
            _ => [.. (await db.Districts.AsNoTracking().Where(d => d.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(lang)],
        };
        if (Kind == ItemKind.Category)
            Services = (await db.Services.AsNoTracking().Where(s => s.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(lang);
        return null;
    }

    // Text fields, so that whatever was typed comes back with its error.
    public sealed record ItemInput
    {
        // The code of the item changed; empty when adding one.
        public string? Original { get; set; }
        public string? Code { get; set; }
        public string? NameFr { get; set; }
        public string? NameAr { get; set; }
        public string? DescriptionFr { get; set; }
        public string? DescriptionAr { get; set; }
        public string? Service { get; set; }
        public bool Active { get; set; } = true;

        public static ItemInput From(CommuneItem item) => new()
        {
            Original = item.Code,
            Code = item.Code,
            NameFr = item.NameFr,
            NameAr = item.NameAr,
            DescriptionFr = (item as Category)?.DescriptionFr,
            DescriptionAr = (item as Category)?.DescriptionAr,
            Service = (item as Category)?.DefaultService?.Code,
            Active = item.Active,
        };
    }
}
