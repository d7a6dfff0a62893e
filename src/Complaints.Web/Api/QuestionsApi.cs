using System.ComponentModel;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Questions;
using Complaints.Web.Staff;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// A category's extra questions (docs/staff-api.md): every member of the commune's staff reads them (the counter asks
// them); its administrators and the platform's add and change them through QuestionEditor, as the page does.
public static class QuestionsApi
{
    public sealed record QuestionItem(
        string Code, string LabelFr, string LabelAr,
        [property: Description("text, number or choice")] string Kind,
        bool Required, int SortOrder,
        [property: Description("A withdrawn question is no longer asked; the answers already given stay.")] bool Active,
        [property: Description("For a choice: the values offered.")] IReadOnlyList<ChoiceItem> Choices)
    {
        public static QuestionItem From(CategoryQuestion q) => new(q.Code, q.LabelFr, q.LabelAr, q.Kind.Wire(), q.Required, q.SortOrder, q.Active,
            [.. q.Choices.Select(c => new ChoiceItem(c.Key, c.NameFr, c.NameAr))]);
    }

    public sealed record ChoiceItem(string Key, string NameFr, string NameAr);

    public static RouteGroupBuilder MapQuestionsApi(this RouteGroupBuilder staff)
    {
        var questions = staff.MapGroup("/communes/{code}/categories/{category}/questions").WithTags("Communes");

        questions.MapGet("", async (string code, string category, HttpContext http, AppDbContext db, QuestionEditor editor,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (commune, found) = await FindAsync(code, category, http, db, editor, ct);
            return found is null ? ApiProblems.NotFound(l) : TypedResults.Ok(found.Questions.Select(QuestionItem.From).ToList());
        }).WithName("ListQuestions").WithSummary("The category's extra questions, withdrawn ones included, in the order they are asked.")
          .Produces<List<QuestionItem>>().Refuses(404);

        questions.MapPost("", (string code, string category, HttpContext http, AppDbContext db, QuestionEditor editor,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync(code, category, http, db, editor, l, ct, async (scope, commune, found, body) =>
                Answer(await editor.CreateAsync(scope, commune, found, body, ct), l, q =>
                    TypedResults.Created($"/api/v1/communes/{commune.Code}/categories/{found.Code}/questions/{q.Code}", QuestionItem.From(q))))
        ).WithName("CreateQuestion").WithSummary("Adds a question to the category; it comes last unless sortOrder says otherwise.")
          .Reads<QuestionBody>().Produces<QuestionItem>(StatusCodes.Status201Created).Refuses(400, 403, 404).ProducesProblem(StatusCodes.Status409Conflict);

        questions.MapPatch("/{question}", (string code, string category, string question, HttpContext http, AppDbContext db,
            QuestionEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync(code, category, http, db, editor, l, ct, async (scope, commune, found, body) =>
                Answer(await editor.UpdateAsync(scope, commune, found, question, body, ct), l, q => TypedResults.Ok(QuestionItem.From(q))))
        ).WithName("UpdateQuestion").WithSummary("Changes any of a question's fields but its code; active: false withdraws it.")
          .Reads<QuestionBody>().Produces<QuestionItem>().Refuses(400, 403, 404);

        return staff;
    }

    // A write: the commune and category must be the caller's to see, the caller one of its administrators, the body readable.
    static async Task<IResult> WriteAsync(string code, string category, HttpContext http, AppDbContext db, QuestionEditor editor,
        IStringLocalizer<SharedResource> l, CancellationToken ct, Func<StaffScope, Commune, Category, QuestionBody, Task<IResult>> write)
    {
        var (commune, found) = await FindAsync(code, category, http, db, editor, ct);
        if (found is null)
            return ApiProblems.NotFound(l);
        var scope = StaffScope.From(http.User)!;
        if (!scope.ManagesUsers)
            return ApiProblems.Forbidden(l);
        var (body, error) = await ApiProblems.ReadAsync<QuestionBody>(http.Request, l);
        return error ?? await write(scope, commune!, found, body!);
    }

    static IResult Answer(QuestionChange change, IStringLocalizer l, Func<CategoryQuestion, IResult> done) => change switch
    {
        QuestionChange.Done d => done(d.Question),
        QuestionChange.Invalid v => ApiProblems.Invalid(l, v.Errors),
        QuestionChange.Duplicate => TypedResults.Problem(l["error.question.code.taken"], statusCode: StatusCodes.Status409Conflict, title: l["api.duplicate.title"]),
        _ => ApiProblems.NotFound(l),
    };

    // Another commune's category, or one the caller's commune does not have, names nothing.
    static async Task<(Commune? Commune, Category? Category)> FindAsync(string code, string category, HttpContext http, AppDbContext db,
        QuestionEditor editor, CancellationToken ct)
    {
        var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
        if (commune is null)
            return (null, null);
        return (commune, await editor.CategoryAsync(commune, category, ct));
    }
}
