using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Responses;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The commune's ready answers, in French and Arabic, per category or for all: what the complaint
// screen offers to fill a response or a question.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class TemplatesModel(AppDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    const string SavedKey = "templates.saved";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<Category> Categories { get; private set; } = [];
    public List<ResponseTemplate> Templates { get; private set; } = [];
    public string? Saved { get; private set; }

    [BindProperty]
    public TemplateInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, int? edit, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Saved = TempData[SavedKey] as string;
        if (edit is { } id && Templates.SingleOrDefault(t => t.Id == id) is { } t)
            Input = new TemplateInput
            {
                Id = t.Id, Purpose = t.Purpose, Language = t.Language, Name = t.Name, Body = t.Body,
                Category = Categories.SingleOrDefault(c => c.Id == t.CategoryId)?.Code,
            };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var category = string.IsNullOrEmpty(Input.Category) ? null : Categories.SingleOrDefault(c => c.Code == Input.Category);
        if (!string.IsNullOrEmpty(Input.Category) && category is null)
            ModelState.AddModelError("Input.Category", l["error.category.unknown"]);
        if (Input.Language is not ("fr" or "ar"))
            ModelState.AddModelError("Input.Language", l["error.value.invalid"]);
        if (string.IsNullOrWhiteSpace(Input.Name))
            ModelState.AddModelError("Input.Name", l["error.text.required"]);
        else if (Input.Name.Trim().Length > 200)
            ModelState.AddModelError("Input.Name", l["error.name.long"]);
        if (string.IsNullOrWhiteSpace(Input.Body))
            ModelState.AddModelError("Input.Body", l["error.text.required"]);
        else if (Input.Body.Trim().Length > Limits.DescriptionMax)
            ModelState.AddModelError("Input.Body", l["error.text.long"]);
        var template = Input.Id is { } id ? await OwnAsync(id, ct) : null;
        if (Input.Id is not null && template is null)
            return NotFound();
        if (!ModelState.IsValid)
            return Page();
        if (template is null)
        {
            template = new ResponseTemplate { CommuneId = Commune.Id, Language = Input.Language!, Name = "", Body = "" };
            db.ResponseTemplates.Add(template);
        }
        template.Purpose = Input.Purpose;
        template.Language = Input.Language!;
        template.CategoryId = category?.Id;
        template.Name = Input.Name!.Trim();
        template.Body = Input.Body!.Trim();
        audit.Record(Scope, AuditActions.TemplateSaved, Commune.Id, details: template.Name);
        await db.SaveChangesAsync(ct);
        TempData[SavedKey] = template.Name;
        return Redirect($"/staff/admin/templates?commune={Commune.Code}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? commune, int id, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var template = await OwnAsync(id, ct);
        if (template is null)
            return NotFound();
        db.ResponseTemplates.Remove(template);
        audit.Record(Scope, AuditActions.TemplateDeleted, Commune.Id, details: template.Name);
        await db.SaveChangesAsync(ct);
        return Redirect($"/staff/admin/templates?commune={Commune.Code}");
    }

    // A ready answer of the commune worked on; another commune's is unknown here.
    async Task<ResponseTemplate?> OwnAsync(int id, CancellationToken ct)
    {
        var template = await db.ResponseTemplates.SingleOrDefaultAsync(t => t.Id == id && t.CommuneId == Commune!.Id, ct);
        if (template is null)
            await ReachRefusals.LogIfElsewhereAsync(HttpContext, Scope, "answer template", id, d => d.ResponseTemplates.Where(t => t.Id == id), ct);
        return template;
    }

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        if (Commune is null)
            return true;
        Categories = (await db.Categories.AsNoTracking().Where(c => c.CommuneId == Commune.Id).ToListAsync(ct)).InOrder(Hosting.Localization.Current);
        Templates = await db.ResponseTemplates.AsNoTracking().Where(t => t.CommuneId == Commune.Id)
            .OrderBy(t => t.Purpose).ThenBy(t => t.Language).ThenBy(t => t.Name).ToListAsync(ct);
        return true;
    }

    public sealed class TemplateInput
    {
        public int? Id { get; set; }
        public TemplatePurpose Purpose { get; set; } = TemplatePurpose.Answer;
        public string? Language { get; set; } = "fr";
        public string? Category { get; set; }
        public string? Name { get; set; }
        public string? Body { get; set; }
    }
}
