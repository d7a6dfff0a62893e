using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Questions;

// A category's extra questions as a citizen, a clerk and a staff API client meet them: asked for the chosen category
// only, refused with the field named and everything typed kept, kept on the complaint with their wording and shown to
// staff and to the citizen.
public abstract class QuestionFilingTests(DatabaseKind kind) : AppTest(kind)
{
    const string Etat = "answer.eclairage-public.etat";
    const string Poteau = "answer.eclairage-public.poteau";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.AddLightingQuestionsAsync();
    }

    static Dictionary<string, string> Lighting(string? etat, string poteau = "P-114")
    {
        var fields = Samples.Complaint(QuestionScene.Category, "La lampe devant la mosquée clignote toute la nuit.");
        if (etat is not null)
            fields[Etat] = etat;
        fields[Poteau] = poteau;
        return fields;
    }

    [Fact]
    public async Task A_citizen_answers_the_categorys_questions_and_staff_and_the_citizen_read_the_answers()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        // Without script every category's questions are on the page, each set naming its category.
        var set = form.QuerySelector("fieldset[data-questions-for='eclairage-public']")!;
        Assert.Equal("Précisions pour « Éclairage public »", set.QuerySelector("legend")!.TextContent);
        Assert.Equal(["", "eteinte", "clignote", "allumee-jour"], set.QuerySelectorAll($"select[name='{Etat}'] option").Select(o => o.GetAttribute("value")));
        Assert.Equal("Numéro du poteau (facultatif)", set.QuerySelector($"label[for='answer_eclairage-public_poteau']")!.TextContent);
        Assert.Null(form.QuerySelector("fieldset[data-questions-for='voirie']"));

        var filed = await citizen.PostFormAsync("/sefrou/file", form, Lighting("clignote"));
        Assert.Equal("/receipt/SEF-2026-000001", filed.Headers.Location!.OriginalString);
        var answers = await App.AnswersAsync("SEF-2026-000001");
        Assert.Equal([("etat", "clignote", "Clignote"), ("poteau", "P-114", null)], answers.Select(a => (a.Code, a.Value, a.ValueFr)));
        Assert.Equal("État de la lampe", answers[0].LabelFr);

        var track = await citizen.GetPageAsync("/track/SEF-2026-000001");
        Assert.Equal(["État de la lampe", "Numéro du poteau"], track.QuerySelectorAll("dl.answers dt").Select(d => d.TextContent));
        Assert.Equal(["Clignote", "P-114"], track.QuerySelectorAll("dl.answers dd").Select(d => d.TextContent));

        var observer = await App.CreateAsync(Roles.Observer);
        var staffPage = await (await App.StaffBrowserAsync(observer, "ar")).GetPageAsync("/staff/complaints/SEF-2026-000001");
        Assert.Equal("يومض", staffPage.QuerySelector("dl.answers dd[data-code=etat]")!.TextContent);
        Assert.Equal("رقم العمود", staffPage.QuerySelectorAll("dl.answers dt")[1].TextContent);

        var api = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var detail = await api.GetFromJsonAsync<JsonElement>("/api/v1/complaints/SEF-2026-000001");
        Assert.Equal([("etat", "État de la lampe", "clignote", "Clignote"), ("poteau", "Numéro du poteau", "P-114", null)],
            detail.GetProperty("answers").EnumerateArray().Select(a => (a.GetProperty("code").GetString(), a.GetProperty("label").GetString(),
                a.GetProperty("value").GetString(), a.GetProperty("valueLabel").GetString())));
    }

    [Theory]
    [InlineData("fr", "État de la lampe : Répondez à cette question.", "Précisions pour « Éclairage public »")]
    [InlineData("ar", "حقل «حالة المصباح»: أجيبوا عن هذا السؤال.", "توضيحات بخصوص «الإنارة العمومية»")]
    public async Task A_missing_required_answer_is_named_in_the_citizens_language_and_everything_typed_stays(string language, string error, string legend)
    {
        var citizen = App.Browser(language);
        var form = await citizen.GetPageAsync("/sefrou/file");
        var fields = Lighting(null, poteau: "P-7");
        fields["answer.eclairage-public.lampes"] = "deux";
        var page = await (await citizen.PostFormAsync("/sefrou/file", form, fields)).ParseAsync();

        Assert.Equal(error, page.FieldError("answer_eclairage-public_etat"));
        Assert.Contains(page.QuerySelectorAll(".error-summary a"), a => a.GetAttribute("href") == "#answer_eclairage-public_etat" && a.TextContent == error);
        Assert.NotNull(page.FieldError("answer_eclairage-public_lampes"));
        Assert.Equal("P-7", page.QuerySelector($"input[name='{Poteau}']")!.GetAttribute("value"));
        Assert.Equal("deux", page.QuerySelector("input[name='answer.eclairage-public.lampes']")!.GetAttribute("value"));
        Assert.Equal("La lampe devant la mosquée clignote toute la nuit.", page.QuerySelector("#Input_Description")!.TextContent);
        Assert.Equal("eclairage-public", page.QuerySelector("#Input_Category option[selected]")!.GetAttribute("value"));
        Assert.Equal(legend, page.QuerySelector("fieldset[data-questions-for='eclairage-public'] legend")!.TextContent);
        Assert.Equal(0, await App.CountComplaintsAsync());
    }

    [Fact]
    public async Task Only_the_chosen_categorys_questions_are_asked()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint("voirie");
        fields[Poteau] = "P-1";
        var filed = await citizen.PostFormAsync("/sefrou/file", form, fields);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Empty(await App.AnswersAsync("SEF-2026-000001"));
    }

    [Fact]
    public async Task A_withdrawn_question_is_no_longer_asked_and_the_answers_given_to_it_stay()
    {
        await App.FileAsync(category: QuestionScene.Category, answers: new() { ["etat"] = "eteinte" });
        await App.WithdrawAsync("etat");

        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        Assert.Null(form.QuerySelector($"[name='{Etat}']"));
        Assert.NotNull(form.QuerySelector($"[name='{Poteau}']"));
        var filed = await citizen.PostFormAsync("/sefrou/file", form, Lighting(null));
        Assert.Equal("/receipt/SEF-2026-000002", filed.Headers.Location!.OriginalString);

        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var first = await cell.GetPageAsync("/staff/complaints/SEF-2026-000001");
        Assert.Equal("Éteinte", first.QuerySelector("dl.answers dd[data-code=etat]")!.TextContent);
    }

    [Fact]
    public async Task A_clerk_asks_the_questions_at_the_counter()
    {
        var clerk = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var form = await clerk.GetPageAsync("/staff/intake");
        var fields = Lighting(null);
        fields["Input.Channel"] = "Counter";
        fields["Input.Language"] = "ar";
        var refused = await (await clerk.PostFormAsync("/staff/intake", form, fields)).ParseAsync();
        Assert.Equal("État de la lampe : Répondez à cette question.", refused.FieldError("answer_eclairage-public_etat"));
        Assert.Equal("P-114", refused.QuerySelector($"input[name='{Poteau}']")!.GetAttribute("value"));

        fields[Etat] = "allumee-jour";
        var filed = await clerk.PostFormAsync("/staff/intake", refused, fields);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal([("etat", "allumee-jour", "مشتعل نهارا"), ("poteau", "P-114", null)],
            (await App.AnswersAsync("SEF-2026-000001")).Select(a => (a.Code, a.Value, a.ValueAr)));
    }

    [Fact]
    public async Task The_staff_api_intake_takes_answers_and_names_a_wrong_one()
    {
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        object Body(object answers) => new
        {
            commune = "sefrou", category = QuestionScene.Category, channel = "phone", description = "Lampe éteinte rue des Oliviers.", answers,
        };
        var refused = await cell.PostAsJsonAsync("/api/v1/complaints", Body(new Dictionary<string, string> { ["etat"] = "cassee", ["lampes"] = "3", ["couleur"] = "rouge" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["answers.couleur", "answers.etat"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("Choisissez une des valeurs proposées.", errors.GetProperty("answers.etat")[0].GetString());

        var missing = await cell.PostAsJsonAsync("/api/v1/complaints", Body(new Dictionary<string, string>()));
        Assert.Equal(["answers.etat"], (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await App.CountComplaintsAsync());

        var filed = await cell.PostAsJsonAsync("/api/v1/complaints", Body(new Dictionary<string, string> { ["etat"] = "eteinte", ["lampes"] = "3" }));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal([("etat", "eteinte"), ("lampes", "3")], (await App.AnswersAsync("SEF-2026-000001")).Select(a => (a.Code, a.Value)));
    }

    public sealed class OnSqlite() : QuestionFilingTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : QuestionFilingTests(DatabaseKind.Postgres);
}
