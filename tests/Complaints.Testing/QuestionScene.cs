using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Questions;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// Street lighting in Sefrou asks what the lamp does (a required choice), the pole's number (text) and how many lamps
// (a number), added through the real editor as an administrator would.
public static class QuestionScene
{
    public const string Category = "eclairage-public";

    public static async Task AddLightingQuestionsAsync(this TestApp app, string commune = "sefrou")
    {
        await app.AddQuestionAsync(commune, Category, new QuestionBody("etat", "État de la lampe", "حالة المصباح", "choice", Required: true, SortOrder: 10,
            Choices: [new("eteinte", "Éteinte", "منطفئ"), new("clignote", "Clignote", "يومض"), new("allumee-jour", "Allumée le jour", "مشتعل نهارا")]));
        await app.AddQuestionAsync(commune, Category, new QuestionBody("poteau", "Numéro du poteau", "رقم العمود", "text", SortOrder: 20));
        await app.AddQuestionAsync(commune, Category, new QuestionBody("lampes", "Nombre de lampes", "عدد المصابيح", "number", SortOrder: 30));
    }

    public static async Task AddQuestionAsync(this TestApp app, string commune, string category, QuestionBody body)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var editor = scope.ServiceProvider.GetRequiredService<QuestionEditor>();
        var place = await db.Communes.SingleAsync(c => c.Code == commune);
        var found = (await editor.CategoryAsync(place, category, CancellationToken.None))!;
        var change = await editor.CreateAsync(new StaffScope("setup", "setup@example.test", Roles.PlatformAdmin, null, null), place, found, body, CancellationToken.None);
        Assert.IsType<QuestionChange.Done>(change);
    }

    public static Task WithdrawAsync(this TestApp app, string code, string category = Category) =>
        app.WithDbAsync(db => db.CategoryQuestions.Where(q => q.Code == code && db.Categories.Any(c => c.Id == q.CategoryId && c.Code == category))
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Active, false)));

    public static Task<List<ComplaintAnswer>> AnswersAsync(this TestApp app, string reference) =>
        app.WithDbAsync(db => db.ComplaintAnswers.Where(a => db.Complaints.Any(c => c.Id == a.ComplaintId && c.Reference == reference))
            .OrderBy(a => a.Id).ToListAsync());
}
