using Complaints.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Privacy;

// The anonymize command as an operator runs it (dotnet run --project src/Complaints.Web -- anonymize): one pass on
// the configured database, then exit 0, the site's own settings choosing the database.
public abstract class AnonymizeCommandTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task One_pass_anonymises_what_is_due_and_exits_0()
    {
        var due = await App.FileAsync(email: "karima@example.test");
        await App.FileAsync(email: "nadia@example.test");
        var reference = due.Complaint.Reference;
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, "Réparé.", true, CancellationToken.None));
        await App.MoveAsync(reference, (a, s) => a.CloseAsync(s, reference, null, "Dossier clos.", CancellationToken.None));
        // A commune that keeps nothing once a complaint is settled: due at the next pass.
        await App.WithDbAsync(db => db.Communes.Where(c => c.Code == "sefrou").ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonalDataRetentionMonths, 0)));

        string[] args = ["anonymize", "--Database:Provider", Kind.ToString(), $"--ConnectionStrings:{Kind}", App.Database.ConnectionString,
            "--Storage:Path", App.StoragePath];
        var main = typeof(Complaints.Web.Data.AppDbContext).Assembly.EntryPoint!;
        var exit = await Task.Run(() => main.Invoke(null, [args]));

        Assert.Equal(0, exit);
        var emails = await App.WithDbAsync(db => db.Complaints.OrderBy(c => c.Id).Select(c => c.Complainant.Email).ToListAsync());
        Assert.Equal([null, "nadia@example.test"], emails);
    }

    public sealed class OnSqlite() : AnonymizeCommandTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AnonymizeCommandTests(DatabaseKind.Postgres);
}
