using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Questions;

// /staff/admin/questions: a commune's administrator manages a category's questions with plain forms.
public abstract class QuestionAdminPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/questions";
    const string Lighting = Url + "?commune=sefrou&category=eclairage-public";

    async Task<HttpClient> SefrouAdminAsync(string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), language);

    Task<List<CategoryQuestion>> QuestionsAsync() =>
        App.WithDbAsync(db => db.CategoryQuestions.Where(q => db.Categories.Any(c => c.Id == q.CategoryId && c.Code == "eclairage-public")).OrderBy(q => q.SortOrder).ToListAsync());

    static string Target(HttpResponseMessage response) => response.Target();

    [Fact]
    public async Task The_commune_administrator_adds_a_choice_edits_it_and_withdraws_it()
    {
        var admin = await SefrouAdminAsync();
        var home = await admin.GetPageAsync(Url);
        Assert.NotNull(home.QuerySelector($"nav a[href='{Url}']"));
        Assert.NotNull(home.QuerySelector("a[href='/staff/admin/categories?commune=sefrou']"));
        Assert.Null(home.QuerySelector("form#question-form"));

        var page = await admin.GetPageAsync(Lighting);
        Assert.Contains(page.QuerySelectorAll("main p"), p => p.TextContent == "Ce sujet ne pose aucune question complémentaire.");
        var added = await admin.SubmitAsync(page, "form#question-form", new Dictionary<string, string>
        {
            ["Input.Code"] = "etat",
            ["Input.LabelFr"] = "État de la lampe",
            ["Input.LabelAr"] = "حالة المصباح",
            ["Input.Kind"] = "choice",
            ["Input.Required"] = "true",
            ["Input.Choices"] = "eteinte | Éteinte | منطفئ\nclignote | Clignote | يومض\n",
        });
        Assert.Equal(Lighting, Target(added));
        page = await admin.GetPageAsync(Target(added));
        Assert.Equal("La question etat a été ajoutée.", page.QuerySelector("p.notice[role=status]")!.TextContent);
        var row = page.QuerySelector("table.questions tr[data-code=etat]")!;
        Assert.Equal(("Choix dans une liste", "Oui", "Posée"), (row.QuerySelector(".kind")!.TextContent, row.QuerySelector(".required")!.TextContent, row.QuerySelector(".state")!.TextContent));
        var q = Assert.Single(await QuestionsAsync());
        Assert.Equal(("etat", QuestionKind.Choice, true, true, 10), (q.Code, q.Kind, q.Required, q.Active, q.SortOrder));
        Assert.Equal(["eteinte", "clignote"], q.Choices.Select(c => c.Key));

        // The citizen's form asks it at once.
        var form = await App.Browser("ar").GetPageAsync("/sefrou/file");
        Assert.Equal("حالة المصباح", form.QuerySelector("label[for='answer_eclairage-public_etat']")!.TextContent);

        var edit = await admin.GetPageAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("eteinte | Éteinte | منطفئ\nclignote | Clignote | يومض", edit.QuerySelector("#Input_Choices")!.TextContent);
        Assert.True(edit.QuerySelector("#Input_Code")!.HasAttribute("readonly"));
        var withdrawn = await admin.SubmitAsync(edit, "form#question-form", new Dictionary<string, string>
        {
            ["Input.Active"] = "false",
            ["Input.Choices"] = "eteinte | Éteinte | منطفئ\nclignote | Clignote | يومض\njour | Allumée le jour | مشتعل نهارا",
        });
        Assert.Equal(Lighting, Target(withdrawn));
        q = Assert.Single(await QuestionsAsync());
        Assert.Equal(("etat", false, 3), (q.Code, q.Active, q.Choices.Count));
        Assert.Null((await App.Browser("fr").GetPageAsync("/sefrou/file")).QuerySelector("[name='answer.eclairage-public.etat']"));
        Assert.Equal("Retirée", (await admin.GetPageAsync(Lighting)).QuerySelector("tr[data-code=etat] .state")!.TextContent);
    }

    [Theory]
    [InlineData("fr", "Valeurs proposées (pour un choix) : Une question à choix propose au moins deux valeurs")]
    [InlineData("ar", "حقل «القيم المقترحة (لسؤال الاختيار)»: يقترح سؤال الاختيار قيمتين على الأقل")]
    public async Task A_bad_question_names_its_fields_and_keeps_what_was_typed(string language, string choicesError)
    {
        await App.AddLightingQuestionsAsync();
        var admin = await SefrouAdminAsync(language);
        var page = await admin.GetPageAsync(Lighting);
        var fields = new Dictionary<string, string>
        {
            ["Input.Code"] = "etat",
            ["Input.LabelFr"] = "Couleur",
            ["Input.LabelAr"] = "",
            ["Input.Kind"] = "choice",
            ["Input.SortOrder"] = "premier",
            ["Input.Choices"] = "rouge | Rouge",
        };
        var refused = await (await admin.SubmitAsync(page, "form#question-form", fields)).ParseAsync();
        Assert.StartsWith(language == "fr" ? "Ordre : Indiquez un nombre entier." : "حقل «الترتيب»: أدخلوا عددا صحيحا.", refused.FieldError("Input_SortOrder"));
        Assert.Equal("premier", refused.QuerySelector("#Input_SortOrder")!.GetAttribute("value"));

        fields["Input.SortOrder"] = "";
        refused = await (await admin.SubmitAsync(refused, "form#question-form", fields)).ParseAsync();
        Assert.StartsWith(choicesError, refused.FieldError("Input_Choices"));
        Assert.NotNull(refused.FieldError("Input_LabelAr"));
        Assert.Equal("rouge | Rouge", refused.QuerySelector("#Input_Choices")!.TextContent);
        Assert.Equal("Couleur", refused.QuerySelector("#Input_LabelFr")!.GetAttribute("value"));

        // A code already used by the category.
        fields["Input.LabelAr"] = "اللون";
        fields["Input.Choices"] = "rouge | Rouge | أحمر\nvert | Vert | أخضر";
        refused = await (await admin.SubmitAsync(refused, "form#question-form", fields)).ParseAsync();
        Assert.Contains(language == "fr" ? "Une autre question de ce sujet a déjà ce code." : "سؤال آخر لهذا الموضوع يحمل هذا الرمز.", refused.FieldError("Input_Code"));
        Assert.Equal(3, (await QuestionsAsync()).Count);
        Assert.Equal("État de la lampe", (await QuestionsAsync())[0].LabelFr);
    }

    [Theory]
    [InlineData(Roles.ComplaintsCell, null)]
    [InlineData(Roles.Observer, null)]
    public async Task Other_roles_are_sent_to_the_denied_page(string role, string? service)
    {
        var member = await App.StaffBrowserAsync(await App.CreateAsync(role, "sefrou", service));
        var response = await member.GetAsync(Lighting);
        Assert.StartsWith("/staff/denied", Target(response));
        Assert.Null((await member.GetPageAsync("/staff")).QuerySelector($"nav a[href='{Url}']"));
        var account = await member.GetPageAsync("/staff/account");
        var posted = await member.SubmitAsync(account, "form[method=post]",
            new Dictionary<string, string> { ["Input.Code"] = "x", ["Input.LabelFr"] = "X", ["Input.LabelAr"] = "س", ["Input.Kind"] = "text" }, action: Lighting);
        Assert.StartsWith("/staff/denied", Target(posted));
        Assert.Empty(await QuestionsAsync());
    }

    [Fact]
    public async Task Another_communes_administrator_finds_nothing_and_the_platform_administrator_picks_the_commune()
    {
        await App.AddLightingQuestionsAsync();
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        Assert.Equal(HttpStatusCode.NotFound, (await kenitra.GetAsync(Lighting)).StatusCode);
        var own = await kenitra.GetPageAsync(Url + "?category=eclairage-public");
        Assert.Empty(own.QuerySelectorAll("table.questions tr[data-code]"));
        var forged = await kenitra.SubmitAsync(own, "form#question-form", new Dictionary<string, string> { ["Input.Active"] = "false" },
            action: Lighting + "&question=etat");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.All(await QuestionsAsync(), q => Assert.True(q.Active));
        Assert.Equal(HttpStatusCode.NotFound, (await kenitra.GetAsync(Url + "?category=eclairage-public&question=etat")).StatusCode);

        var platform = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var picker = await platform.GetPageAsync(Url);
        Assert.NotNull(picker.QuerySelector("select#commune option[value=safi]"));
        var sefrou = await platform.GetPageAsync(Lighting);
        Assert.Equal(["etat", "poteau", "lampes"], sefrou.QuerySelectorAll("table.questions tr[data-code]").Select(r => r.GetAttribute("data-code")));
    }

    public sealed class OnSqlite() : QuestionAdminPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : QuestionAdminPagesTests(DatabaseKind.Postgres);
}
