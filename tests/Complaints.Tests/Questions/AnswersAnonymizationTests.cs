using Complaints.Tests.Infrastructure;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Questions;

// Loi 09-08: at the end of retention a typed answer is the citizen's own words and goes; a value chosen among the
// commune's names nobody and stays, like the category.
public abstract class AnswersAnonymizationTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task The_retention_pass_blanks_typed_answers_and_keeps_choices()
    {
        await App.AddLightingQuestionsAsync();
        var reference = (await App.FileAsync(category: QuestionScene.Category,
            answers: new() { ["etat"] = "clignote", ["poteau"] = "Devant chez Karim Tazi", ["lampes"] = "2" })).Complaint.Reference;
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, "La lampe a été changée.", true, CancellationToken.None));
        await App.MoveAsync(reference, (a, s) => a.CloseAsync(s, reference, null, "Dossier clos.", CancellationToken.None));
        await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonalDataRetentionMonths, 0)));

        using (var scope = App.Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(CancellationToken.None));

        Assert.Equal([("etat", "clignote", "Clignote"), ("poteau", "", null), ("lampes", "", null)],
            (await App.AnswersAsync(reference)).Select(a => (a.Code, a.Value, a.ValueFr)));
        var page = await (await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell))).GetPageAsync($"/staff/complaints/{reference}");
        Assert.Equal(["Clignote", "—", "—"], page.QuerySelectorAll("dl.answers dd").Select(d => d.TextContent));
        Assert.DoesNotContain("Karim", page.Body!.TextContent);
    }

    public sealed class OnSqlite() : AnswersAnonymizationTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AnswersAnonymizationTests(DatabaseKind.Postgres);
}
