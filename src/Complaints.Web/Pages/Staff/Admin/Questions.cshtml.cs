using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Questions;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The extra questions a category asks, in their order: added and changed through QuestionEditor, as the API does;
// withdrawn rather than deleted, so the answers already given keep their question.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class QuestionsModel(AppDbContext db, QuestionEditor editor, IStringLocalizer<SharedResource> l) : PageModel
{
    const string NoticeKey = "questions.notice";

    public StaffScope Scope { get; private set; } = null!;
    public AdministeredCommune Administered { get; private set; } = null!;
    public Commune? Commune => Administered.Commune;
    public List<Category> Categories { get; private set; } = [];
    public Category? Category { get; private set; }
    // The question being changed; none: the form adds one.
    public CategoryQuestion? Editing { get; private set; }
    public string? Notice { get; private set; }

    [BindProperty]
    public QuestionInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, string? category, string? question, CancellationToken ct)
    {
        if (await LoadAsync(commune, category, question, ct) is { } refused)
            return refused;
        Notice = TempData[NoticeKey] as string;
        Input = Editing is { } q
            ? new()
            {
                Code = q.Code, LabelFr = q.LabelFr, LabelAr = q.LabelAr, Kind = q.Kind.Wire(), Required = q.Required,
                SortOrder = q.SortOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), Active = q.Active,
                Choices = QuestionRules.FormatChoices(q.Choices),
            }
            : new();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? commune, string? category, string? question, CancellationToken ct)
    {
        if (await LoadAsync(commune, category, question, ct) is { } refused)
            return refused;
        if (Category is null)
            return NotFound();
        int? order = null;
        if (!string.IsNullOrWhiteSpace(Input.SortOrder))
        {
            if (int.TryParse(Input.SortOrder.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                order = parsed;
            else
                ModelState.AddModelError("Input.SortOrder", Worded("sortOrder", "error.question.order"));
        }
        if (!ModelState.IsValid)
            return Page();

        var body = new QuestionBody(Editing is null ? Input.Code ?? "" : null, Input.LabelFr ?? "", Input.LabelAr ?? "", Input.Kind ?? "",
            Input.Required, order, Input.Active, QuestionRules.ParseChoices(Input.Choices));
        var change = Editing is null
            ? await editor.CreateAsync(Scope, Commune!, Category, body, ct)
            : await editor.UpdateAsync(Scope, Commune!, Category, Editing.Code, body, ct);
        switch (change)
        {
            case QuestionChange.Done done:
                TempData[NoticeKey] = string.Format(l[Editing is null ? "staff.questions.created" : "staff.questions.saved"], done.Question.Code);
                return Redirect(ListUrl(Commune!, Category));
            case QuestionChange.Duplicate:
                ModelState.AddModelError("Input.Code", Worded("code", "error.question.code.taken"));
                return Page();
            case QuestionChange.Invalid invalid:
                foreach (var (field, key) in invalid.Errors)
                    ModelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], Worded(field, key));
                return Page();
            default:
                return NotFound();
        }
    }

    public static string ListUrl(Commune commune, Category category) =>
        $"/staff/admin/questions?commune={Uri.EscapeDataString(commune.Code)}&category={Uri.EscapeDataString(category.Code)}";

    // Each error names its field, as the form labels it.
    string Worded(string field, string key) => string.Format(l["staff.error.field"], l[field switch
    {
        "code" => "staff.questions.code",
        "labelFr" => "staff.questions.label.fr",
        "labelAr" => "staff.questions.label.ar",
        "kind" => "staff.questions.kind",
        "sortOrder" => "staff.questions.order",
        _ => "staff.questions.choices",
    }], l[key]);

    // A commune administrator works on their own commune; a platform administrator picks one. Another commune, or a
    // category or question the commune does not have, names nothing.
    async Task<IActionResult?> LoadAsync(string? communeCode, string? categoryCode, string? questionCode, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (!Scope.ManagesUsers)
            return Forbid();
        if (await AdministeredCommune.ResolveAsync(db, Scope, communeCode, HttpContext, ct) is not { } administered)
            return NotFound();
        Administered = administered;
        if (Commune is null)
            return null;
        Categories = await db.Categories.AsNoTracking().Where(c => c.CommuneId == Commune.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(ct);
        if (string.IsNullOrEmpty(categoryCode))
            return null;
        Category = await editor.CategoryAsync(Commune, categoryCode, ct);
        if (Category is null)
            return NotFound();
        if (string.IsNullOrEmpty(questionCode))
            return null;
        Editing = Category.Questions.SingleOrDefault(q => q.Code == questionCode);
        return Editing is null ? NotFound() : null;
    }

    // Text fields, so that whatever was typed comes back with its error.
    public sealed class QuestionInput
    {
        public string? Code { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelAr { get; set; }
        public string? Kind { get; set; } = "text";
        public bool Required { get; set; }
        public string? SortOrder { get; set; }
        public bool Active { get; set; } = true;
        public string? Choices { get; set; }
    }
}
