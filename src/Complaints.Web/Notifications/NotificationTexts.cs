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

    public static readonly string[] Placeholders =
        [.. TemplateFiller.Placeholders, "{text}", "{track_url}", "{staff_url}", "{date}", "{list}"];

    // What Notifier fills for each audience: links to the tracking page for citizens, to the staff screens,
    // the day and the digest's list for staff; anything else would reach the reader as "{...}".
    public static IReadOnlyList<string> PlaceholdersFor(NotificationEvent e) => IsForStaff(e)
        ? [.. Placeholders.Where(p => p != "{track_url}")]
        : [.. Placeholders.Where(p => p is not ("{staff_url}" or "{date}" or "{list}"))];

    public static string Key(NotificationEvent e, NotificationChannel channel, string part) =>
        $"notify.{e.ToString().ToLowerInvariant()}.{channel.ToString().ToLowerInvariant()}.{part}";

    public string BuiltIn(NotificationEvent e, NotificationChannel channel, string part, string language) =>
        InLanguage(Key(e, channel, part), language);

    // A resource string in the reader's language rather than the current request's.
    public string InLanguage(string key, string language)
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
    public async Task<RenderedText> TemplateAsync(int communeId, NotificationEvent e, NotificationChannel channel, string language, CancellationToken ct)
    {
        var own = await db.NotificationTemplates.AsNoTracking().SingleOrDefaultAsync(t =>
            t.CommuneId == communeId && t.Event == e && t.Channel == channel && t.Language == language, ct);
        if (own is not null)
            return new(own.Subject, own.Body);
        return new(channel == NotificationChannel.Email ? BuiltIn(e, channel, "subject", language) : null,
            BuiltIn(e, channel, "body", language));
    }

    public async Task<RenderedText> RenderAsync(Complaint? c, int communeId, NotificationEvent e, NotificationChannel channel,
        string language, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var template = await TemplateAsync(communeId, e, channel, language, ct);
        return new(template.Subject is null ? null : Fill(template.Subject, c, language, values).ReplaceLineEndings(" "),
            Fill(template.Body, c, language, values));
    }

    public static string Fill(string text, Complaint? c, string language, IReadOnlyDictionary<string, string> values)
    {
        if (c is not null)
            text = TemplateFiller.Fill(text, c, language);
        foreach (var (name, value) in values)
            text = text.Replace("{" + name + "}", value);
        return text;
    }
}
