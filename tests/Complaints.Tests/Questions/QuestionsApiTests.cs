using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Questions;

// /api/v1/communes/{code}/categories/{category}/questions: the commune's administrators add and change the questions,
// every member of its staff reads them, nobody else sees them.
public abstract class QuestionsApiTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/api/v1/communes/sefrou/categories/eclairage-public/questions";

    static readonly object Etat = new
    {
        code = "etat", labelFr = "État de la lampe", labelAr = "حالة المصباح", kind = "choice", required = true,
        choices = new[] { new { key = "eteinte", nameFr = "Éteinte", nameAr = "منطفئ" }, new { key = "clignote", nameFr = "Clignote", nameAr = "يومض" } },
    };

    async Task<HttpClient> AdminAsync(string commune = "sefrou", string language = "fr") =>
        await App.ApiAsync(await App.CreateAsync(Roles.CommuneAdmin, commune, twoFactor: true), language);

    static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task An_administrator_adds_changes_and_withdraws_a_question_and_the_form_follows()
    {
        var admin = await AdminAsync();
        var created = await admin.PostAsJsonAsync(Url, Etat);
        var body = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal($"{Url}/etat", created.Headers.Location!.OriginalString);
        Assert.Equal(("etat", "choice", true, true, 10), (body.GetProperty("code").GetString(), body.GetProperty("kind").GetString(),
            body.GetProperty("required").GetBoolean(), body.GetProperty("active").GetBoolean(), body.GetProperty("sortOrder").GetInt32()));
        Assert.Equal(2, body.GetProperty("choices").GetArrayLength());
        await JsonAsync(await admin.PostAsJsonAsync(Url, new { code = "poteau", labelFr = "Numéro du poteau", labelAr = "رقم العمود", kind = "text", sortOrder = 5 }),
            HttpStatusCode.Created);

        var list = await JsonAsync(await admin.GetAsync(Url), HttpStatusCode.OK);
        Assert.Equal(["poteau", "etat"], list.EnumerateArray().Select(q => q.GetProperty("code").GetString()));

        var changed = await JsonAsync(await admin.PatchAsJsonAsync($"{Url}/etat", new { labelFr = "La lampe est-elle…", required = false }), HttpStatusCode.OK);
        Assert.Equal(("La lampe est-elle…", "حالة المصباح", false), (changed.GetProperty("labelFr").GetString(), changed.GetProperty("labelAr").GetString(),
            changed.GetProperty("required").GetBoolean()));
        var form = await App.Browser("fr").GetPageAsync("/sefrou/file");
        Assert.Equal("La lampe est-elle… (facultatif)", form.QuerySelector("label[for='answer_eclairage-public_etat']")!.TextContent);

        await JsonAsync(await admin.PatchAsJsonAsync($"{Url}/etat", new { active = false }), HttpStatusCode.OK);
        form = await App.Browser("fr").GetPageAsync("/sefrou/file");
        Assert.Null(form.QuerySelector("[name='answer.eclairage-public.etat']"));
        list = await JsonAsync(await admin.GetAsync(Url), HttpStatusCode.OK);
        Assert.False(list.EnumerateArray().Single(q => q.GetProperty("code").GetString() == "etat").GetProperty("active").GetBoolean());

        var audited = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("question-")).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Details).ToListAsync());
        Assert.Equal([$"{AuditActions.QuestionCreated} eclairage-public/etat choice required", $"{AuditActions.QuestionCreated} eclairage-public/poteau text",
            $"{AuditActions.QuestionChanged} eclairage-public/etat choice", $"{AuditActions.QuestionChanged} eclairage-public/etat choice inactive"], audited);
    }

    [Fact]
    public async Task A_bad_question_is_named_field_by_field_in_the_callers_language_and_a_taken_code_conflicts()
    {
        var admin = await AdminAsync(language: "ar");
        var invalid = await JsonAsync(await admin.PostAsJsonAsync(Url, new { code = "État", labelFr = "", labelAr = "حالة", kind = "choice", choices = new[] { new { key = "a", nameFr = "A", nameAr = "أ" } } }),
            HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.Equal(["choices", "code", "labelFr"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("اكتبوا نص السؤال، 300 حرف على الأكثر.", errors.GetProperty("labelFr")[0].GetString());

        await JsonAsync(await admin.PostAsJsonAsync(Url, Etat), HttpStatusCode.Created);
        var taken = await JsonAsync(await admin.PostAsJsonAsync(Url, Etat), HttpStatusCode.Conflict);
        Assert.Equal("سؤال آخر لهذا الموضوع يحمل هذا الرمز.", taken.GetProperty("detail").GetString());
        var fixedCode = await JsonAsync(await admin.PatchAsJsonAsync($"{Url}/etat", new { code = "autre" }), HttpStatusCode.BadRequest);
        Assert.True(fixedCode.GetProperty("errors").TryGetProperty("code", out _));
        await JsonAsync(await admin.PatchAsJsonAsync($"{Url}/absente", new { active = false }), HttpStatusCode.NotFound);
        await JsonAsync(await admin.PostAsJsonAsync("/api/v1/communes/sefrou/categories/parking/questions", Etat), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_cell_reads_the_questions_but_may_not_change_them_and_another_commune_sees_nothing()
    {
        await App.AddLightingQuestionsAsync();
        var cell = await App.ApiAsync(await App.CreateAsync(Roles.ComplaintsCell));
        Assert.Equal(3, (await JsonAsync(await cell.GetAsync(Url), HttpStatusCode.OK)).GetArrayLength());
        await JsonAsync(await cell.PostAsJsonAsync(Url, new { code = "autre", labelFr = "Autre", labelAr = "آخر", kind = "text" }), HttpStatusCode.Forbidden);
        await JsonAsync(await cell.PatchAsJsonAsync($"{Url}/etat", new { active = false }), HttpStatusCode.Forbidden);

        var safi = await AdminAsync("safi");
        await JsonAsync(await safi.GetAsync(Url), HttpStatusCode.NotFound);
        await JsonAsync(await safi.PatchAsJsonAsync($"{Url}/etat", new { active = false }), HttpStatusCode.NotFound);

        var platform = await App.ApiAsync(await App.PlatformAdminAsync());
        await JsonAsync(await platform.PatchAsJsonAsync($"{Url}/lampes", new { required = true }), HttpStatusCode.OK);
        Assert.True(await App.WithDbAsync(db => db.CategoryQuestions.Where(q => q.Code == "lampes").Select(q => q.Active && q.Required).SingleAsync()));
    }

    public sealed class OnSqlite() : QuestionsApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : QuestionsApiTests(DatabaseKind.Postgres);
}
