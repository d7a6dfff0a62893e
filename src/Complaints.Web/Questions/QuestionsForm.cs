using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Questions;

// The extra questions on a filing form (the citizen's and the counter's). Without script every category's questions
// are shown, each set in a fieldset naming its category, so a field is named after both: answer.{category}.{code}.
// Only the chosen category's answers are read; what was typed for the others is kept for the page shown again.
public sealed class QuestionsForm
{
    const string Prefix = "answer.";

    // The commune's categories, each with its active questions.
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public string? Chosen { get; init; }
    // Field name → what was typed.
    public Dictionary<string, string> Values { get; init; } = [];

    public static string FieldName(string category, string code) => $"{Prefix}{category}.{code}";

    public string Value(string category, string code) => Values.GetValueOrDefault(FieldName(category, code)) ?? "";

    public static QuestionsForm Read(IReadOnlyList<Category> categories, string? chosen, IFormCollection? form) => new()
    {
        Categories = categories,
        Chosen = chosen,
        Values = form is null ? [] : form.Where(f => f.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value.ToString()),
    };

    // Question code → answer, for the chosen category.
    public Dictionary<string, string?> Answers()
    {
        var prefix = $"{Prefix}{Chosen}.";
        return Values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(v => v.Key[prefix.Length..], v => (string?)v.Value);
    }

    // A filing's answer errors go under the field's own name, worded with the question as the reader reads it.
    public void AddErrors(ModelStateDictionary state, FilingErrors errors, IStringLocalizer l, string language)
    {
        var questions = Categories.SingleOrDefault(c => c.Code == Chosen)?.Questions ?? [];
        foreach (var (field, key) in errors.Where(e => e.Key.StartsWith(QuestionRules.AnswerPrefix, StringComparison.Ordinal)))
        {
            var code = field[QuestionRules.AnswerPrefix.Length..];
            var label = questions.FirstOrDefault(q => q.Code == code)?.Label.In(language) ?? code;
            state.AddModelError(FieldName(Chosen!, code), string.Format(l["staff.error.field"], label, l[key]));
        }
    }
}
