using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Responses;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Notifications;

// Decides who hears of a step and writes their messages into the outbox as part of the caller's unit of
// work: they are saved with the move that causes them or not at all (the worker sends them later).
public sealed class Notifier(AppDbContext db, NotificationTexts texts, TimeProvider clock, IConfiguration config)
{
    // Links in messages point at the public address of the deployment.
    public string PublicUrl => (config["App:PublicUrl"] is { Length: > 0 } url ? url : "http://localhost:5080").TrimEnd('/');

    // The steps the citizen hears of (docs/life-cycle-and-roles.md); the others (taken in hand, a proposal, a note) stay inside.
    public static NotificationEvent? ForCitizen(Move move, ComplaintStatus before) => move switch
    {
        Move.Assign when before is ComplaintStatus.Received or ComplaintStatus.Reopened => NotificationEvent.Routed,
        Move.Reject => NotificationEvent.Rejected,
        Move.RequestInformation => NotificationEvent.InformationRequested,
        Move.Respond => NotificationEvent.Message,
        Move.Answer => NotificationEvent.Answer,
        Move.Close => NotificationEvent.Closed,
        Move.Reopen => NotificationEvent.Reopened,
        _ => null,
    };

    // By mail when the citizen gave an address, by SMS when they gave a phone, in the language they filed in.
    public async Task CitizenAsync(Complaint c, NotificationEvent e, string? text, CancellationToken ct)
    {
        if (c.Complainant.Email is null && c.Complainant.Phone is null)
            return;
        await LoadNamesAsync(c, ct);
        (await CitizenLaterAsync(c, e, text, () => TemplateValues.Of(c), ct))(db);
    }

    // A filing's receipt in two steps: the templates are read now, the messages written into the context that saves
    // the complaint (FilingCommit's, shared by the commune's filings of the moment) once it has its reference. The
    // complaint, not saved yet, is not linked to its commune and category, which the filing read already; they are
    // quoted as they are rather than read again.
    public async Task<Action<AppDbContext>> ReceiptLaterAsync(Complaint c, Commune commune, Category category, CancellationToken ct) =>
        c.Complainant.Email is null && c.Complainant.Phone is null ? _ => { }
            : await CitizenLaterAsync(c, NotificationEvent.Receipt, null, () => TemplateValues.Of(c) with { Commune = commune, Category = category }, ct);

    // values: the complaint's, taken when the messages are written (once the filing has its reference).
    async Task<Action<AppDbContext>> CitizenLaterAsync(Complaint c, NotificationEvent e, string? text, Func<TemplateValues> valuesOf, CancellationToken ct)
    {
        var email = c.Complainant.Email is null ? null : await texts.TemplateAsync(c.CommuneId, e, NotificationChannel.Email, c.Language, ct);
        var sms = c.Complainant.Phone is null ? null : await texts.TemplateAsync(c.CommuneId, e, NotificationChannel.Sms, c.Language, ct);
        return into =>
        {
            var values = new Dictionary<string, string>
            {
                ["text"] = text ?? "",
                ["track_url"] = $"{PublicUrl}/track/{Uri.EscapeDataString(c.Reference)}",
            };
            var quoted = valuesOf();
            if (email is not null)
                Add(into, c.CommuneId, c, e, NotificationChannel.Email, c.Complainant.Email!, c.Language, NotificationTexts.Fill(email, quoted, c.Language, values));
            if (sms is not null)
                Add(into, c.CommuneId, c, e, NotificationChannel.Sms, c.Complainant.Phone!, c.Language, NotificationTexts.Fill(sms, quoted, c.Language, values));
        };
    }

    // Staff read French and Arabic: one mail carries both, French first.
    public Task StaffAsync(int communeId, Complaint? c, NotificationEvent e, IEnumerable<string> emails,
        IReadOnlyDictionary<string, string>? extra, CancellationToken ct) =>
        StaffAsync(communeId, c, e, emails, _ => extra, null, ct);

    // The same with values written per language (a digest's list in French, then in Arabic) and an optional
    // built-in variant of the event's wording (notify.{event}.{variant}.email.*).
    public async Task StaffAsync(int communeId, Complaint? c, NotificationEvent e, IEnumerable<string> emails,
        Func<string, IReadOnlyDictionary<string, string>?> extraIn, string? variant, CancellationToken ct)
    {
        var recipients = emails.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
            return;
        if (c is not null)
            await LoadNamesAsync(c, ct);
        Dictionary<string, string> Values(string language) => new(extraIn(language) ?? new Dictionary<string, string>())
        {
            ["staff_url"] = c is null ? $"{PublicUrl}/staff" : $"{PublicUrl}/staff/complaints/{Uri.EscapeDataString(c.Reference)}",
        };
        var fr = await texts.RenderAsync(c, communeId, e, NotificationChannel.Email, "fr", Values("fr"), ct, variant);
        var ar = await texts.RenderAsync(c, communeId, e, NotificationChannel.Email, "ar", Values("ar"), ct, variant);
        var both = Both(fr, ar);
        foreach (var email in recipients)
            Add(db, communeId, c, e, NotificationChannel.Email, email, "fr+ar", both);
    }

    // The addresses of a commune's staff in these roles (and, for service agents, of this service).
    public async Task<List<string>> StaffEmailsAsync(int communeId, string role, int? serviceId, CancellationToken ct) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where u.CommuneId == communeId && r.Name == role && (serviceId == null || u.ServiceId == serviceId)
                   && u.Email != null
               select u.Email!).ToListAsync(ct);

    // Mails about a member's own account (an invitation, a new password) carry a single-use link: always the
    // built-in wording, which a commune cannot change, in French then Arabic.
    public void StaffAccount(int? communeId, NotificationEvent e, string email, IReadOnlyDictionary<string, string> values)
    {
        RenderedText In(string language) => new(
            NotificationTexts.Fill(texts.BuiltIn(e, NotificationChannel.Email, "subject", language), (Complaint?)null, language, values),
            NotificationTexts.Fill(texts.BuiltIn(e, NotificationChannel.Email, "body", language), (Complaint?)null, language, values));
        var (fr, ar) = (In("fr"), In("ar"));
        Add(db, communeId, null, e, NotificationChannel.Email, email, "fr+ar", Both(fr, ar));
    }

    static RenderedText Both(RenderedText fr, RenderedText ar) => new($"{fr.Subject} | {ar.Subject}", $"{fr.Body}\n\n———\n\n{ar.Body}");

    void Add(AppDbContext into, int? communeId, Complaint? c, NotificationEvent e, NotificationChannel channel, string recipient, string language, RenderedText text)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            CommuneId = communeId,
            Channel = channel,
            Event = e,
            Recipient = recipient,
            Language = language,
            Subject = text.Subject,
            Body = text.Body,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        into.OutboxMessages.Add(message);
        if (c is null)
            return;
        if (c.Id != 0)
            message.ComplaintId = c.Id;
        else if (into.Entry(c) is { State: EntityState.Added } filed)
            // A filing writes its receipt before the complaint is saved: its temporary id becomes the real one on saving.
            into.Entry(message).Property(m => m.ComplaintId).CurrentValue = filed.Property(x => x.Id).CurrentValue;
    }

    // The names the templates quote, also for a complaint loaded without them.
    async Task LoadNamesAsync(Complaint c, CancellationToken ct)
    {
        var entry = db.Entry(c);
        if (c.Commune is null)
            await entry.Reference(x => x.Commune).LoadAsync(ct);
        if (c.Category is null)
            await entry.Reference(x => x.Category).LoadAsync(ct);
        if (c.ServiceId is not null && c.Service is null)
            await entry.Reference(x => x.Service).LoadAsync(ct);
    }
}
