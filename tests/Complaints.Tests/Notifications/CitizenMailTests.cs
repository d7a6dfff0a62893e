using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Notifications;

// Issue 4's promise, end to end: with SMTP configured, the citizen receives the receipt and the definitive
// answer by mail, in their language, each once.
public abstract class CitizenMailTests(DatabaseKind kind) : AppTest(kind)
{
    public sealed class OnSqlite() : CitizenMailTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : CitizenMailTests(DatabaseKind.Postgres);

    readonly int smtpPort = SmtpTestServer.FreePort();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Commune de Sefrou <no-reply@sefrou.example>",
        ["App:PublicUrl"] = "https://chikayat.sefrou.example",
    };

    [Fact]
    public async Task A_citizen_who_filed_in_Arabic_gets_the_receipt_the_routing_and_the_answer_in_Arabic_once_each()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var citizen = App.Browser("ar");
        var form = await citizen.GetPageAsync("/sefrou/file");
        var fields = Samples.Complaint(description: "حفرة كبيرة أمام المدرسة الابتدائية منذ أسبوعين.");
        fields["Input.Phone"] = "";
        var filed = await citizen.PostFormAsync("/sefrou/file", form, fields);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var reference = filed.Headers.Location!.OriginalString.Split('/').Last().Split('?')[0];

        await App.SendOutboxAsync();
        var receipt = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("amina@example.test", receipt.To.Mailboxes.Single().Address);
        Assert.Equal($"تم تسلم طلبكم {reference}", receipt.Subject);
        Assert.Contains("09/05/2026", receipt.TextBody);
        Assert.Contains($"https://chikayat.sefrou.example/track/{reference}", receipt.TextBody);

        App.Clock.Advance(TimeSpan.FromDays(2));
        await App.QualifyAsync(reference);
        App.Clock.Advance(TimeSpan.FromDays(6));
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, "تم ردم الحفرة يوم 18 مارس.", true, CancellationToken.None));
        await App.SendOutboxAsync();

        var received = await smtp.WaitForAsync(4);
        var toCitizen = received.Where(m => m.To.Mailboxes.Single().Address == "amina@example.test").ToList();
        Assert.Equal([$"تم تسلم طلبكم {reference}", $"أحيل طلبكم {reference} على المصلحة المختصة", $"الجواب على طلبكم {reference}"],
            toCitizen.Select(m => m.Subject));
        Assert.Contains("تم ردم الحفرة يوم 18 مارس.", toCitizen[2].TextBody);
        // The service's agent heard of the assignment, in both languages.
        var assignment = Assert.Single(received, m => m.To.Mailboxes.Single().Address == agent.Email);
        Assert.Contains("Nouvelle demande", assignment.Subject);
        Assert.Contains("طلب جديد", assignment.Subject);

        // Later passes, days later, send nothing twice.
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.SendOutboxAsync();
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.SendOutboxAsync();
        Assert.Equal(4, smtp.Received.Count);
    }
}
