using System.Text.RegularExpressions;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;

namespace Complaints.Web.Questions;

// A question as an administrator writes it, on the page or through the API; on a change, what is left null stays.
public sealed record QuestionBody(
    string? Code = null, string? LabelFr = null, string? LabelAr = null, string? Kind = null, bool? Required = null,
    int? SortOrder = null, bool? Active = null, IReadOnlyList<ChoiceBody>? Choices = null);

public sealed record ChoiceBody(string? Key, string? NameFr, string? NameAr);

// The one place that says what a category's question may be and what an answer to it may be. Error keys name the
// API's fields (code, labelFr, choices...) and, for answers, "Answers.{code}", so each caller words them its own way.
public static partial class QuestionRules
{
    public const int LabelMax = 300;
    public const int MinChoices = 2;
    // The attributes every Open311 service already has (Api/Open311Attributes): a question may not take their codes.
    public static readonly string[] ReservedCodes = ["kind", "district", "consent_to_publish", "language"];

    public static string Wire(this QuestionKind kind) => kind.ToString().ToLowerInvariant();

    public static QuestionKind? ParseKind(string? text) =>
        Enum.GetValues<QuestionKind>().Where(k => k.Wire() == text?.Trim().ToLowerInvariant()).Cast<QuestionKind?>().FirstOrDefault();

    // Fills a new question, or changes an existing one, from what was sent; returns the bad fields.
    public static Dictionary<string, string> Apply(CategoryQuestion question, QuestionBody body, bool creating)
    {
        var errors = new Dictionary<string, string>();
        if (creating)
        {
            var code = body.Code?.Trim();
            if (!ItemCode.IsValid(code) || ReservedCodes.Contains(code))
                errors["code"] = "error.question.code";
            else
                question.Code = code!;
        }
        else if (body.Code is { } code && code.Trim() != question.Code)
            errors["code"] = "error.question.code.fixed";

        if (Label(body.LabelFr, creating, errors, "labelFr") is { } fr)
            question.LabelFr = fr;
        if (Label(body.LabelAr, creating, errors, "labelAr") is { } ar)
            question.LabelAr = ar;

        if (body.Kind is not null || creating)
        {
            if (ParseKind(body.Kind) is { } kind)
                question.Kind = kind;
            else
                errors["kind"] = "error.question.kind";
        }
        if (body.Required is { } required)
            question.Required = required;
        if (body.SortOrder is { } order)
            question.SortOrder = order;
        if (body.Active is { } active)
            question.Active = active;

        if (body.Choices is not null)
        {
            var choices = Choices(body.Choices);
            if (choices is null)
                errors["choices"] = "error.question.choices";
            else
                question.Choices = choices;
        }
        // A choice without values could never be answered; other kinds keep none.
        if (question.Kind == QuestionKind.Choice && question.Choices.Count < MinChoices && !errors.ContainsKey("kind"))
            errors.TryAdd("choices", "error.question.choices");
        if (question.Kind != QuestionKind.Choice && !errors.ContainsKey("kind"))
            question.Choices = [];
        return errors;
    }

    static string? Label(string? text, bool creating, Dictionary<string, string> errors, string field)
    {
        if (text is null && !creating)
            return null;
        var label = text?.Trim() ?? "";
        if (label.Length is 0 or > LabelMax)
        {
            errors[field] = "error.question.label";
            return null;
        }
        return label;
    }

    // Each value needs a code-like key, unique in the question, and its wording in both languages.
    static List<QuestionChoice>? Choices(IReadOnlyList<ChoiceBody> given)
    {
        var choices = new List<QuestionChoice>();
        foreach (var c in given)
        {
            var (key, fr, ar) = (c.Key?.Trim(), c.NameFr?.Trim(), c.NameAr?.Trim());
            if (!ItemCode.IsValid(key) || fr is not { Length: > 0 and <= ItemCode.NameMax } || ar is not { Length: > 0 and <= ItemCode.NameMax }
                || choices.Any(x => x.Key == key))
                return null;
            choices.Add(new QuestionChoice { Key = key!, NameFr = fr, NameAr = ar });
        }
        return choices;
    }

    // The administration page's box: one value a line, "key | French | Arabic". A line that cannot be read so makes
    // the whole list refused, with what was typed kept in the box.
    public static List<ChoiceBody> ParseChoices(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(line =>
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            return parts.Length == 3 ? new ChoiceBody(parts[0], parts[1], parts[2]) : new ChoiceBody(null, null, null);
        })];

    public static string FormatChoices(IEnumerable<QuestionChoice> choices) =>
        string.Join("\n", choices.Select(c => $"{c.Key} | {c.NameFr} | {c.NameAr}"));

    // The answers a filing gives to its category's active questions: required ones present, numbers that read as
    // numbers, choices among the keys, no answer longer than Limits.AnswerMax. An unknown code is ignored (Open311
    // lets clients send extra attributes; a form posted before a question was withdrawn) unless refuseUnknown.
    public static List<ComplaintAnswer> CheckAnswers(IEnumerable<CategoryQuestion> questions, IReadOnlyDictionary<string, string?> given,
        bool refuseUnknown, FilingErrors errors)
    {
        var asked = questions.Where(q => q.Active).OrderBy(q => q.SortOrder).ThenBy(q => q.Code).ToList();
        var answers = new List<ComplaintAnswer>();
        foreach (var q in asked)
        {
            var value = given.GetValueOrDefault(q.Code)?.Trim() ?? "";
            var field = AnswerField(q.Code);
            if (value.Length == 0)
            {
                if (q.Required)
                    errors[field] = "error.answer.required";
                continue;
            }
            if (value.Length > Limits.AnswerMax)
            {
                errors[field] = "error.answer.long";
                continue;
            }
            QuestionChoice? choice = null;
            if (q.Kind == QuestionKind.Number && !Number().IsMatch(value))
                errors[field] = "error.answer.number";
            else if (q.Kind == QuestionKind.Choice && (choice = q.Choices.FirstOrDefault(c => c.Key == value)) is null)
                errors[field] = "error.answer.choice";
            else
                answers.Add(new ComplaintAnswer
                {
                    Code = q.Code, LabelFr = q.LabelFr, LabelAr = q.LabelAr, Value = value, ValueFr = choice?.NameFr, ValueAr = choice?.NameAr,
                });
        }
        if (refuseUnknown)
            foreach (var code in given.Keys.Where(k => asked.All(q => q.Code != k)))
                errors[AnswerField(code)] = "error.answer.unknown";
        return answers;
    }

    public const string AnswerPrefix = "Answers.";

    public static string AnswerField(string code) => AnswerPrefix + code;

    // A whole or decimal number, with a point or a comma as typed in French and Arabic.
    [GeneratedRegex(@"^-?[0-9]{1,15}([.,][0-9]{1,6})?$")]
    private static partial Regex Number();
}
