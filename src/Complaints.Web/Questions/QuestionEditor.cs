using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Questions;

public abstract record QuestionChange
{
    public sealed record Done(CategoryQuestion Question) : QuestionChange;
    public sealed record Invalid(Dictionary<string, string> Errors) : QuestionChange;
    // Another question of the category already has this code.
    public sealed record Duplicate : QuestionChange;
    public sealed record NotFound : QuestionChange;
}

// One path for adding and changing a category's questions, for the administration page and the API alike:
// the rules, the duplicate code, the audit row, the save. The caller has checked who may administer the commune.
public sealed class QuestionEditor(AppDbContext db, AuditLog audit)
{
    // The commune's category with all its questions (active or not), in the order they are asked.
    public async Task<Category?> CategoryAsync(Commune commune, string? code, CancellationToken ct)
    {
        var category = await db.Categories.AsNoTracking().Include(c => c.Questions)
            .SingleOrDefaultAsync(c => c.CommuneId == commune.Id && c.Code == code, ct);
        category?.Questions.Sort(InOrder);
        return category;
    }

    public static int InOrder(CategoryQuestion a, CategoryQuestion b) =>
        a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : string.CompareOrdinal(a.Code, b.Code);

    public async Task<QuestionChange> CreateAsync(StaffScope scope, Commune commune, Category category, QuestionBody body, CancellationToken ct)
    {
        var question = new CategoryQuestion { CategoryId = category.Id, Code = "", LabelFr = "", LabelAr = "" };
        // Unless told otherwise, a new question comes last.
        question.SortOrder = await db.CategoryQuestions.Where(q => q.CategoryId == category.Id).MaxAsync(q => (int?)q.SortOrder, ct) + 10 ?? 10;
        var errors = QuestionRules.Apply(question, body, creating: true);
        if (errors.Count > 0)
            return new QuestionChange.Invalid(errors);
        if (await db.CategoryQuestions.AnyAsync(q => q.CategoryId == category.Id && q.Code == question.Code, ct))
            return new QuestionChange.Duplicate();
        db.CategoryQuestions.Add(question);
        audit.Record(scope, AuditActions.QuestionCreated, commune.Id, details: Describe(category, question));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two administrators adding the same code at once: the unique index keeps one.
            db.ChangeTracker.Clear();
            return new QuestionChange.Duplicate();
        }
        return new QuestionChange.Done(question);
    }

    public async Task<QuestionChange> UpdateAsync(StaffScope scope, Commune commune, Category category, string code, QuestionBody body, CancellationToken ct)
    {
        var question = await db.CategoryQuestions.SingleOrDefaultAsync(q => q.CategoryId == category.Id && q.Code == code, ct);
        if (question is null)
            return new QuestionChange.NotFound();
        var errors = QuestionRules.Apply(question, body, creating: false);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new QuestionChange.Invalid(errors);
        }
        audit.Record(scope, AuditActions.QuestionChanged, commune.Id, details: Describe(category, question));
        await db.SaveChangesAsync(ct);
        return new QuestionChange.Done(question);
    }

    static string Describe(Category category, CategoryQuestion q) =>
        $"{category.Code}/{q.Code} {q.Kind.Wire()}{(q.Required ? " required" : "")}{(q.Active ? "" : " inactive")}";
}
