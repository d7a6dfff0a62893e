using System.Net;
using System.Net.Http.Json;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Notifications;

// A commune's mail goes out from the platform's sender but answers to the commune's own contact address.
public abstract class ReplyToTests(DatabaseKind kind) : AppTest(kind)
{
    readonly int smtpPort = SmtpTestServer.FreePort();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Plateforme <no-reply@communes.example>",
    };

    [Fact]
    public async Task Mail_for_a_commune_with_a_contact_address_answers_to_it_and_other_mail_to_nobody_but_the_sender()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var admin = await App.ApiAsync(await App.PlatformAdminAsync());
        var patched = await admin.PatchAsJsonAsync("/api/v1/communes/sefrou", new { contactEmail = "chikayat@sefrou.example" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        await App.QueueAsync("amina@example.test", commune: "sefrou");
        await App.QueueAsync("karim@example.test", commune: "kenitra");
        await App.QueueAsync("admin@example.test", commune: null);
        await App.SendOutboxAsync();

        var received = await smtp.WaitForAsync(3);
        MimeKit.MimeMessage To(string address) => received.Single(m => m.To.Mailboxes.Single().Address == address);
        Assert.Equal(["chikayat@sefrou.example"], To("amina@example.test").ReplyTo.Mailboxes.Select(m => m.Address));
        Assert.Equal("no-reply@communes.example", To("amina@example.test").From.Mailboxes.Single().Address);
        Assert.Empty(To("karim@example.test").ReplyTo);
        Assert.Empty(To("admin@example.test").ReplyTo);
    }

    public sealed class OnSqlite() : ReplyToTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ReplyToTests(DatabaseKind.Postgres);
}
