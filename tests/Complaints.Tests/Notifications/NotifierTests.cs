using Complaints.Tests.Infrastructure;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Notifications;

// Every step meant for the citizen writes their messages into the outbox with the move, in their language.
public abstract class NotifierTests(DatabaseKind kind) : AppTest(kind)
{
    public sealed class OnSqlite() : NotifierTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : NotifierTests(DatabaseKind.Postgres);

    Task<List<OutboxMessage>> OutboxAsync() =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task Filing_writes_the_receipt_by_mail_and_sms_in_the_citizens_language()
    {
        var filed = await App.FileAsync(language: "ar", email: "amina@example.test", phone: "0612345678");

        var messages = await OutboxAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(NotificationEvent.Receipt, m.Event);
            Assert.Equal("ar", m.Language);
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Equal(filed.Complaint.Id, m.ComplaintId);
            Assert.Contains(filed.Complaint.Reference, m.Body);
            Assert.Contains("09/05/2026", m.Body);
            Assert.Contains($"/track/{filed.Complaint.Reference}", m.Body);
            Assert.Contains("صفرو", m.Body);
            // The access code never travels: whoever reads a mailbox or the outbox cannot open the complaint with it.
            Assert.DoesNotContain(filed.AccessCode, m.Body);
        });
        var mail = Assert.Single(messages, m => m.Channel == NotificationChannel.Email);
        Assert.Equal("amina@example.test", mail.Recipient);
        Assert.Equal($"تم تسلم طلبكم {filed.Complaint.Reference}", mail.Subject);
        var sms = Assert.Single(messages, m => m.Channel == NotificationChannel.Sms);
        Assert.Equal("0612345678", sms.Recipient);
        Assert.Null(sms.Subject);
    }

    [Fact]
    public async Task A_citizen_who_left_no_address_gets_no_message()
    {
        await App.FileAsync(email: null, phone: null, firstName: null, lastName: null);
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task Routing_tells_the_citizen_and_the_agents_of_the_service_and_nobody_else()
    {
        var agent = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "proprete");
        await App.CreateAsync(Roles.ServiceAgent, "kenitra", service: "voirie");
        var filed = await App.FileAsync(email: "amina@example.test", phone: null);

        await App.QualifyAsync(filed.Complaint.Reference);

        var messages = await OutboxAsync();
        var routed = Assert.Single(messages, m => m.Event == NotificationEvent.Routed);
        Assert.Equal("amina@example.test", routed.Recipient);
        Assert.Contains("Service de la voirie", routed.Body);
        var assigned = Assert.Single(messages, m => m.Event == NotificationEvent.Assigned);
        Assert.Equal(agent.Email, assigned.Recipient);
        // Staff read both languages in one mail.
        Assert.Contains("Nouvelle demande", assigned.Subject);
        Assert.Contains("طلب جديد", assigned.Subject);
        Assert.Contains($"/staff/complaints/{filed.Complaint.Reference}", assigned.Body);
    }

    [Fact]
    public async Task The_definitive_answer_reaches_the_citizen_with_its_text_once()
    {
        var filed = await App.FileAsync(email: "amina@example.test", phone: null);
        await App.QualifyAsync(filed.Complaint.Reference);
        await App.MoveAsync(filed.Complaint.Reference, (a, s) => a.RespondAsync(s, filed.Complaint.Reference, null, "La chaussée a été refaite le 12 mars.", true, CancellationToken.None));

        var answer = Assert.Single(await OutboxAsync(), m => m.Event == NotificationEvent.Answer);
        Assert.Equal("Réponse à votre demande " + filed.Complaint.Reference, answer.Subject);
        Assert.Contains("La chaussée a été refaite le 12 mars.", answer.Body);
        Assert.StartsWith("Amina Benali,", answer.Body);
    }

    [Fact]
    public async Task A_refused_move_writes_no_message()
    {
        var filed = await App.FileAsync(email: "amina@example.test", phone: null);
        var before = (await OutboxAsync()).Count;
        using var scope = App.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ComplaintActions>();
        var admin = new StaffScope("setup", "setup@example.test", Roles.PlatformAdmin, null, null);

        // Answering before the complaint reached a service is not a move the life cycle allows.
        Assert.IsType<MoveResult.Illegal>(await actions.RespondAsync(admin, filed.Complaint.Reference, null, "Réponse.", true, CancellationToken.None));
        Assert.IsType<MoveResult.Invalid>(await actions.RequestInformationAsync(admin, filed.Complaint.Reference, null, "  ", CancellationToken.None));

        Assert.Equal(before, (await OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_communes_own_wording_replaces_the_built_in_one()
    {
        await App.WithDbAsync(async db =>
        {
            db.NotificationTemplates.Add(new NotificationTemplate
            {
                CommuneId = db.Communes.Single(c => c.Code == "sefrou").Id,
                Event = NotificationEvent.Receipt, Channel = NotificationChannel.Sms, Language = "fr",
                Body = "Sefrou a reçu {reference}, réponse avant le {deadline}.",
            });
            await db.SaveChangesAsync();
        });
        var filed = await App.FileAsync(email: "amina@example.test", phone: "0612345678");

        var messages = await OutboxAsync();
        Assert.Equal($"Sefrou a reçu {filed.Complaint.Reference}, réponse avant le 09/05/2026.", Assert.Single(messages, m => m.Channel == NotificationChannel.Sms).Body);
        Assert.StartsWith("Amina Benali,", Assert.Single(messages, m => m.Channel == NotificationChannel.Email).Body);
    }
}
