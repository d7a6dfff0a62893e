using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Responses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Notifications;

public sealed record RenderedText(string? Subject, string Body);

// The wording of each notification: the commune's own template when it wrote one, else the built-in
// text of the resources (notify.{event}.{email|sms}.{subject|body}), in the reader's language.
public sealed class NotificationTexts(AppDbContext db, IStringLocalizerFactory factory)
{
    readonly IStringLocalizer l = factory.Create(typeof(SharedResource));

    // Events staff hear of: mail only, both languages in one message (staff read either).
    public static bool IsForStaff(NotificationEvent e) => e >= NotificationEvent.Assigned;

    // A member's own account mails carry a single-use link: their wording is built in, no commune rewrites it.
    public static bool IsEditable(NotificationEvent e) => e is not (NotificationEvent.Invitation or NotificationEvent.NewPassword);

    public static readonly string[] Placeholders =
        [.. TemplateFiller.Placeholders, "{text}", "{track_url}", "{staff_url}", "{date}", "{list}"];

    // What Notifier fills for each audience: links to the tracking page for citizens, to the staff screens,
    // the day and the digest's list for staff; anything else would reach the reader as "{...}". A digest
    // speaks of several complaints, so it has none of one complaint's placeholders.
    public static IReadOnlyList<string> PlaceholdersFor(NotificationEvent e) => e switch
    {
        NotificationEvent.Digest => ["{date}", "{list}", "{staff_url}"],
        _ when IsForStaff(e) => [.. Placeholders.Where(p => p is not ("{track_url}" or "{date}" or "{list}"))],
        _ => [.. Placeholders.Where(p => p is not ("{staff_url}" or "{date}" or "{list}"))],
    };

    public static string Key(NotificationEvent e, NotificationChannel channel, string part, string? variant = null) =>
        $"notify.{e.ToString().ToLowerInvariant()}.{(variant is null ? "" : variant + ".")}{channel.ToString().ToLowerInvariant()}.{part}";

    public string BuiltIn(NotificationEvent e, NotificationChannel channel, string part, string language, string? variant = null) =>
        Text(Key(e, channel, part, variant), language);

    // One resource string in the given language, whatever the current request's culture (background passes have none).
    public string Text(string key, string language)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return l[key];
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    // The template in force (stored or built-in), before its placeholders are filled.
    // A variant (say, an escalation for the transmission deadline) has only its built-in wording.
    public async Task<RenderedText> TemplateAsync(int communeId, NotificationEvent e, NotificationChannel channel, string language, CancellationToken ct,
        string? variant = null)
    {
        if (variant is not null)
            return new(channel == NotificationChannel.Email ? BuiltIn(e, channel, "subject", language, variant) : null,
                BuiltIn(e, channel, "body", language, variant));
        var own = await db.NotificationTemplates.AsNoTracking().SingleOrDefaultAsync(t =>
            t.CommuneId == communeId && t.Event == e && t.Channel == channel && t.Language == language, ct);
        if (own is not null)
            return new(own.Subject, own.Body);
        return new(channel == NotificationChannel.Email ? BuiltIn(e, channel, "subject", language) : null,
            BuiltIn(e, channel, "body", language));
    }

    public async Task<RenderedText> RenderAsync(Complaint? c, int communeId, NotificationEvent e, NotificationChannel channel,
        string language, IReadOnlyDictionary<string, string> values, CancellationToken ct, string? variant = null)
    {
        return Fill(await TemplateAsync(communeId, e, channel, language, ct, variant), c, language, values);
    }

    public static RenderedText Fill(RenderedText template, Complaint? c, string language, IReadOnlyDictionary<string, string> values) =>
        Fill(template, c is null ? null : TemplateValues.Of(c), language, values);

    public static RenderedText Fill(RenderedText template, TemplateValues? c, string language, IReadOnlyDictionary<string, string> values) =>
        new(template.Subject is null ? null : Fill(template.Subject, c, language, values).ReplaceLineEndings(" "), Fill(template.Body, c, language, values));

    public static string Fill(string text, Complaint? c, string language, IReadOnlyDictionary<string, string> values) =>
        Fill(text, c is null ? null : TemplateValues.Of(c), language, values);

    public static string Fill(string text, TemplateValues? c, string language, IReadOnlyDictionary<string, string> values)
    {
        if (c is not null)
            text = TemplateFiller.Fill(text, c, language);
        foreach (var (name, value) in values)
            text = text.Replace("{" + name + "}", value);
        return text;
    }
}
