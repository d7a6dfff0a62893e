using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Complaints.Web.Questions;

namespace Complaints.Tests.Questions;

// What a question may be and what an answer to it may be, the same for the page, the API, the counter and Open311.
public class QuestionRulesTests
{
    static CategoryQuestion New(QuestionBody body, out Dictionary<string, string> errors)
    {
        var question = new CategoryQuestion { Code = "", LabelFr = "", LabelAr = "" };
        errors = QuestionRules.Apply(question, body, creating: true);
        return question;
    }

    static readonly CategoryQuestion[] Lighting =
    [
        new() { Code = "etat", LabelFr = "État", LabelAr = "الحالة", Kind = QuestionKind.Choice, Required = true, SortOrder = 1,
            Choices = [new() { Key = "eteinte", NameFr = "Éteinte", NameAr = "منطفئ" }, new() { Key = "clignote", NameFr = "Clignote", NameAr = "يومض" }] },
        new() { Code = "poteau", LabelFr = "Poteau", LabelAr = "العمود", Kind = QuestionKind.Text, SortOrder = 2 },
        new() { Code = "lampes", LabelFr = "Lampes", LabelAr = "المصابيح", Kind = QuestionKind.Number, SortOrder = 3 },
        new() { Code = "ancienne", LabelFr = "Ancienne", LabelAr = "قديم", Kind = QuestionKind.Text, Required = true, Active = false },
    ];

    [Fact]
    public void A_choice_question_reads_its_values_from_the_box_one_a_line()
    {
        var q = New(new QuestionBody(" etat ", " État ", "الحالة", "choice", Required: true,
            Choices: QuestionRules.ParseChoices("eteinte | Éteinte | منطفئ\r\n\r\nclignote|Clignote|يومض\n")), out var errors);
        Assert.Empty(errors);
        Assert.Equal(("etat", "État", QuestionKind.Choice, true), (q.Code, q.LabelFr, q.Kind, q.Required));
        Assert.Equal(["eteinte", "clignote"], q.Choices.Select(c => c.Key));
        Assert.Equal("eteinte | Éteinte | منطفئ\nclignote | Clignote | يومض", QuestionRules.FormatChoices(q.Choices));
    }

    [Theory]
    [InlineData("Numéro", "numero du poteau", "text", "", "code")]
    [InlineData("district", "Quartier", "text", "", "code")]
    [InlineData("poteau", "", "text", "", "labelFr")]
    [InlineData("poteau", "Poteau", "date", "", "kind")]
    [InlineData("etat", "État", "choice", "eteinte | Éteinte | منطفئ", "choices")]
    [InlineData("etat", "État", "choice", "eteinte | Éteinte\nclignote | Clignote | يومض", "choices")]
    [InlineData("etat", "État", "choice", "eteinte | Éteinte | منطفئ\neteinte | Clignote | يومض", "choices")]
    [InlineData("etat", "État", "choice", "Éteinte | Éteinte | منطفئ\nclignote | Clignote | يومض", "choices")]
    public void A_bad_question_is_refused_naming_the_field(string code, string label, string kind, string choices, string field)
    {
        New(new QuestionBody(code, label, "سؤال", kind, Choices: QuestionRules.ParseChoices(choices)), out var errors);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_code_stays_as_created_and_a_text_question_keeps_no_values()
    {
        var q = New(new QuestionBody("etat", "État", "الحالة", "choice", Choices: QuestionRules.ParseChoices("a | A | أ\nb | B | ب")), out _);
        Assert.Equal("error.question.code.fixed", QuestionRules.Apply(q, new QuestionBody(Code: "autre"), creating: false)["code"]);
        Assert.Empty(QuestionRules.Apply(q, new QuestionBody(Code: "etat", Kind: "text", Active: false), creating: false));
        Assert.Equal((QuestionKind.Text, false), (q.Kind, q.Active));
        Assert.Empty(q.Choices);
        Assert.Equal("État", q.LabelFr);
    }

    [Fact]
    public void Answers_are_checked_against_the_active_questions_and_kept_with_their_wording()
    {
        var errors = new FilingErrors();
        var answers = QuestionRules.CheckAnswers(Lighting,
            new Dictionary<string, string?> { ["etat"] = " clignote ", ["poteau"] = "P-114", ["lampes"] = "2,5", ["ailleurs"] = "x" }, refuseUnknown: false, errors);
        Assert.Empty(errors);
        Assert.Equal(["etat", "poteau", "lampes"], answers.Select(a => a.Code));
        Assert.Equal(("clignote", "Clignote", "يومض", "État"), (answers[0].Value, answers[0].ValueFr, answers[0].ValueAr, answers[0].LabelFr));
        Assert.Equal("يومض", answers[0].ValueIn("ar"));
        Assert.Null(answers[1].ValueFr);
    }

    [Fact]
    public void A_missing_required_answer_a_bad_number_an_unknown_choice_or_a_long_text_is_named()
    {
        var errors = new FilingErrors();
        QuestionRules.CheckAnswers(Lighting, new Dictionary<string, string?> { ["lampes"] = "deux", ["poteau"] = new string('x', Limits.AnswerMax + 1) }, false, errors);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Answers.etat"] = "error.answer.required",
            ["Answers.poteau"] = "error.answer.long",
            ["Answers.lampes"] = "error.answer.number",
        }, errors);

        errors.Clear();
        QuestionRules.CheckAnswers(Lighting, new Dictionary<string, string?> { ["etat"] = "cassee", ["ailleurs"] = "x", ["ancienne"] = "x" }, true, errors);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Answers.etat"] = "error.answer.choice",
            ["Answers.ailleurs"] = "error.answer.unknown",
            ["Answers.ancienne"] = "error.answer.unknown",
        }, errors);
    }
}
