using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Privacy;

// At the end of the commune's retention a settled complaint's personal data is gone from every table and from
// the file store, while the figures stay the same to the unit; an open or still contestable complaint keeps it.
public abstract class PersonalDataRetentionTests(DatabaseKind kind) : AppTest(kind)
{
    const string Description = "Gravats devant le n° 12 depuis que le voisin Karim Tazi a refait sa cour.";
    const string Comment = "Merci à l'agent Youssef, très rapide.";
    static readonly string[] Personal = ["Amina", "Benjelloun", "amina.b@example.test", "0612345678", "Rue 12, près de l'école", "Karim Tazi", Comment];

    // Filed on the form with a photo, answered by name, rated with a comment, closed.
    async Task<(string Reference, string Code)> FileAnswerRateAndCloseAsync()
    {
        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint(description: Description);
        fields["Input.LastName"] = "Benjelloun";
        fields["Input.Email"] = "amina.b@example.test";
        var filed = await citizen.PostFormAsync("/sefrou/file", form, fields, [("photos", "trou.jpg", Samples.Jpeg)]);
        var receipt = await citizen.GetPageAsync(filed.Headers.Location!.OriginalString);
        var reference = receipt.QuerySelector(".reference")!.TextContent;
        var code = receipt.QuerySelector(".secret")!.TextContent;
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null,
            "Madame Amina Benjelloun, les gravats de la Rue 12, près de l'école ont été enlevés.", true, CancellationToken.None));

        var track = await citizen.GetPageAsync("/track");
        var opened = await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
        var page = await citizen.GetPageAsync(opened.Headers.Location!.OriginalString);
        var rated = await citizen.PostFormAsync($"/track/{reference}?handler=Rate", page,
            new Dictionary<string, string> { ["Satisfied"] = "true", ["Comment"] = Comment });
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        await App.MoveAsync(reference, (a, s) => a.CloseAsync(s, reference, null, "Dossier clos.", CancellationToken.None));
        return (reference, code);
    }

    Task<int> PassAsync() => App.WithDbAsync(async _ =>
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(CancellationToken.None);
    });

    Task SetRetentionAsync(int months) =>
        App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonalDataRetentionMonths, months)));

    // Every text of every row of every table, as the database holds it.
    async Task<List<string>> EveryStoredTextAsync()
    {
        return await App.WithDbAsync(async db =>
        {
            var texts = new List<string>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    for (var i = 0; i < reader.FieldCount; i++)
                        if (reader.GetValue(i) is string text)
                            texts.Add(text);
            }
            return texts;
        });
    }

    [Fact]
    public async Task At_the_end_of_retention_no_name_contact_address_citizen_text_or_photo_is_left_and_the_figures_stay()
    {
        var (settled, _) = await FileAnswerRateAndCloseAsync();
        var open = (await App.FileAsync(firstName: "Nadia", lastName: "Alaoui", email: "nadia@example.test", phone: "0700000001")).Complaint.Reference;
        const string Figures = "/api/v1/public/stats?commune=sefrou&from=2026-01-01&to=2026-12-31";
        var before = await App.CreateClient().GetStringAsync(Figures);
        Assert.Contains(await EveryStoredTextAsync(), t => t.Contains("Benjelloun"));

        // A month of retention; closed on 10 March, so gone from 10 April.
        await SetRetentionAsync(1);
        App.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await PassAsync());
        App.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await PassAsync());
        Assert.Equal(0, await PassAsync());

        var stored = await EveryStoredTextAsync();
        foreach (var value in Personal)
            Assert.DoesNotContain(stored, t => t.Contains(value, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Directory.EnumerateFiles(App.StoragePath, "*", SearchOption.AllDirectories));
        Assert.Equal(before, await App.CreateClient().GetStringAsync(Figures));

        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));
        var screen = await cell.GetPageAsync($"/staff/complaints/{settled}");
        Assert.Contains("Données personnelles anonymisées le 10/04/2026", screen.QuerySelector(".anonymized")!.TextContent);
        // What staff wrote stays, without the citizen's name and address in it.
        Assert.Contains("Madame […] […], les gravats de la […] ont été enlevés.", screen.QuerySelector(".staff-timeline")!.TextContent);
        var id = await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == settled).Select(c => c.Id).SingleAsync());
        var messages = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.ComplaintId == id).ToListAsync());
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.True(m.Recipient == "—" && m.Body == "" && m.Status != OutboxStatus.Pending));
        Assert.Equal("Nadia", await App.WithDbAsync(db => db.Complaints.Where(c => c.Reference == open).Select(c => c.Complainant.FirstName).SingleAsync()));
    }

    public sealed class OnSqlite() : PersonalDataRetentionTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : PersonalDataRetentionTests(DatabaseKind.Postgres);
}
