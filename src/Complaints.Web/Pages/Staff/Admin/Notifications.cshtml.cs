using System.Text.RegularExpressions;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Responses;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The wording of the commune's mails and SMS, per event and language: its own text where it wrote one,
// else the built-in one. Who may come here and for which commune is decided exactly as for ready answers.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public partial class NotificationsModel(AppDbContext db, NotificationTexts texts, Notifier notifier, AuditLog audit,
    TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    const string SavedKey = "notifications.saved";
    const string WarningKey = "notifications.warning";
    const string ResetKey = "notifications.reset";
    public const int SubjectMax = 300;
    // Beyond three concatenated GSM messages an SMS is no longer a notice but a letter: that is the mail's job.
    public const int SmsMax = 480;

    public static readonly string[] Languages = ["fr", "ar"];

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<Wording> Items { get; private set; } = [];
    public Item? Editing { get; private set; }
    public RenderedText? Preview { get; private set; }
    public string? Warning { get; private set; }
    public string? Saved { get; private set; }
    public string? Reset { get; private set; }

    [BindProperty]
    public WordingInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, [FromQuery(Name = "event")] string? e, string? channel, string? language, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Saved = TempData[SavedKey] as string;
        Warning = TempData[WarningKey] as string;
        Reset = TempData[ResetKey] as string;
        if (Commune is not null && Parse(e, channel, language) is { } item)
        {
            var wording = Items.Single(w => w.Item == item);
            Editing = item;
            Input = new WordingInput { Event = item.Event.ToString(), Channel = item.Channel.ToString(), Language = item.Language, Subject = wording.Subject, Body = wording.Body };
            (Preview, Warning) = (Sample(item, wording.Subject, wording.Body), SmsWarning(item, wording.Body) ?? Warning);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        if (Parse(Input.Event, Input.Channel, Input.Language) is not { } item)
            return NotFound();
        if (!Validate(item))
            return Page();
        var own = await db.NotificationTemplates.SingleOrDefaultAsync(t =>
            t.CommuneId == Commune.Id && t.Event == item.Event && t.Channel == item.Channel && t.Language == item.Language, ct);
        if (own is null)
        {
            own = new NotificationTemplate { CommuneId = Commune.Id, Event = item.Event, Channel = item.Channel, Language = item.Language, Body = "" };
            db.NotificationTemplates.Add(own);
        }
        own.Subject = item.Channel == NotificationChannel.Email ? Input.Subject!.Trim() : null;
        own.Body = Normalized(Input.Body);
        own.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        own.UpdatedBy = Scope.Email;
        audit.Record(Scope, AuditActions.NotificationTemplateSaved, Commune.Id, details: item.Code);
        await db.SaveChangesAsync(ct);
        TempData[SavedKey] = Label(item);
        if (SmsWarning(item, own.Body) is { } warning)
            TempData[WarningKey] = warning;
        return Redirect(Back(item));
    }

    // Shows the typed text filled with an invented complaint, without saving it.
    public async Task<IActionResult> OnPostPreviewAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        if (Parse(Input.Event, Input.Channel, Input.Language) is not { } item)
            return NotFound();
        if (Validate(item))
            (Preview, Warning) = (Sample(item, Input.Subject?.Trim(), Normalized(Input.Body)), SmsWarning(item, Normalized(Input.Body)));
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        if (Parse(Input.Event, Input.Channel, Input.Language) is not { } item)
            return NotFound();
        var own = await db.NotificationTemplates.SingleOrDefaultAsync(t =>
            t.CommuneId == Commune.Id && t.Event == item.Event && t.Channel == item.Channel && t.Language == item.Language, ct);
        // Resetting twice (a second tab, a reload) is not an error: the built-in wording is in force either way.
        if (own is not null)
        {
            db.NotificationTemplates.Remove(own);
            audit.Record(Scope, AuditActions.NotificationTemplateReset, Commune.Id, details: item.Code);
            await db.SaveChangesAsync(ct);
        }
        TempData[ResetKey] = Label(item);
        return Redirect(Back(item));
    }

    public string Label(Item item) =>
        $"{l[$"staff.notifications.event.{item.Event.ToString().ToLowerInvariant()}"]} · {l[$"staff.notifications.channel.{item.Channel.ToString().ToLowerInvariant()}"]} · {Localization.NativeName(item.Language)}";

    public string Link(Item item) =>
        $"/staff/admin/notifications?commune={Uri.EscapeDataString(Commune!.Code)}&event={item.Event}&channel={item.Channel}&language={item.Language}#{item.Anchor}";

    string Back(Item item) => $"/staff/admin/notifications?commune={Uri.EscapeDataString(Commune!.Code)}#{item.Anchor}";

    static Item? Parse(string? e, string? channel, string? language)
    {
        if (!Enum.TryParse<NotificationEvent>(e, true, out var ev) || !Enum.IsDefined(ev) || int.TryParse(e, out _) || !NotificationTexts.IsEditable(ev))
            return null;
        if (!Enum.TryParse<NotificationChannel>(channel, true, out var ch) || !Enum.IsDefined(ch) || int.TryParse(channel, out _))
            return null;
        if (language is not ("fr" or "ar"))
            return null;
        // Staff hear of their events by mail only.
        if (NotificationTexts.IsForStaff(ev) && ch != NotificationChannel.Email)
            return null;
        return new Item(ev, ch, language);
    }

    bool Validate(Item item)
    {
        Editing = item;
        var allowed = NotificationTexts.PlaceholdersFor(item.Event);
        if (item.Channel == NotificationChannel.Email)
        {
            if (string.IsNullOrWhiteSpace(Input.Subject))
                ModelState.AddModelError("Input.Subject", l["error.text.required"]);
            else if (Input.Subject.Contains('\n') || Input.Subject.Contains('\r'))
                ModelState.AddModelError("Input.Subject", l["staff.notifications.error.subject.line"]);
            else if (Input.Subject.Trim().Length > SubjectMax)
                ModelState.AddModelError("Input.Subject", l["staff.notifications.error.subject.long"]);
            else if (Unknown(Input.Subject, allowed) is { } unknown)
                ModelState.AddModelError("Input.Subject", string.Format(l["staff.notifications.error.placeholder"], unknown, string.Join(" ", allowed)));
        }
        else
        {
            Input.Subject = null;
        }
        if (string.IsNullOrWhiteSpace(Input.Body))
            ModelState.AddModelError("Input.Body", l["error.text.required"]);
        else if (Input.Body.Trim().Length > Limits.DescriptionMax)
            ModelState.AddModelError("Input.Body", l["error.text.long"]);
        else if (Unknown(Input.Body, allowed) is { } unknown)
            ModelState.AddModelError("Input.Body", string.Format(l["staff.notifications.error.placeholder"], unknown, string.Join(" ", allowed)));
        else if (item.Channel == NotificationChannel.Sms && Sms.Measure(Fill(item, Normalized(Input.Body))).Length > SmsMax)
            ModelState.AddModelError("Input.Body", string.Format(l["staff.notifications.error.sms.long"], SmsMax));
        return ModelState.IsValid;
    }

    // Browsers send CRLF; the built-in texts and the SMS count use plain line feeds.
    static string Normalized(string? body) => (body ?? "").Trim().ReplaceLineEndings("\n");

    static string? Unknown(string text, IReadOnlyList<string> allowed) =>
        Placeholder().Matches(text).Select(m => m.Value).FirstOrDefault(p => !allowed.Contains(p));

    [GeneratedRegex(@"\{[^{}\r\n]*\}")]
    private static partial Regex Placeholder();

    // One SMS holds 160 characters of the GSM alphabet but only 70 once a letter outside it (Arabic) appears.
    string? SmsWarning(Item item, string body)
    {
        if (item.Channel != NotificationChannel.Sms)
            return null;
        var (length, parts) = Sms.Measure(Fill(item, body));
        return parts > 1 ? string.Format(l["staff.notifications.sms.warning"], length, parts) : null;
    }

    RenderedText Sample(Item item, string? subject, string body) =>
        new(subject is null ? null : Fill(item, subject).ReplaceLineEndings(" "), Fill(item, body));

    // The text as a reader would get it for an invented complaint of this commune, filed today.
    string Fill(Item item, string text)
    {
        var language = item.Language;
        var now = clock.GetUtcNow().UtcDateTime;
        var category = SampleCategory;
        var reference = $"{Commune!.ReferencePrefix}-{now.Year}-000042";
        var sample = new TemplateValues(reference, Commune, category, category?.DefaultService, now,
            DateOnly.FromDateTime(now).AddDays(Commune.ResponseDays),
            new Complainant { FirstName = texts.Text("staff.notifications.sample.first", language), LastName = texts.Text("staff.notifications.sample.last", language) });
        var values = new Dictionary<string, string>
        {
            ["text"] = texts.Text("staff.notifications.sample.text", language),
            ["track_url"] = $"{notifier.PublicUrl}/track/{reference}",
            ["staff_url"] = $"{notifier.PublicUrl}/staff/complaints/{reference}",
            ["date"] = Display.Date(DateOnly.FromDateTime(now)),
            ["list"] = $"- {reference} — {category?.Name.In(language)} — {Display.Date(sample.ResponseDueOn)}",
        };
        return NotificationTexts.Fill(text, sample, language, values);
    }

    Category? SampleCategory { get; set; }

    // AdministeredCommune: their own commune for a commune administrator, the chosen one for a platform administrator.
    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = administered;
        if (Commune is null)
            return true;
        SampleCategory = await db.Categories.AsNoTracking().Include(c => c.DefaultService)
            .Where(c => c.CommuneId == Commune.Id).OrderBy(c => c.SortOrder).FirstOrDefaultAsync(ct);
        var own = await db.NotificationTemplates.AsNoTracking().Where(t => t.CommuneId == Commune.Id).ToListAsync(ct);
        Items = [.. from e in Enum.GetValues<NotificationEvent>().Where(NotificationTexts.IsEditable)
                    from ch in NotificationTexts.IsForStaff(e) ? [NotificationChannel.Email] : new[] { NotificationChannel.Email, NotificationChannel.Sms }
                    from lang in Languages
                    let item = new Item(e, ch, lang)
                    let stored = own.SingleOrDefault(t => t.Event == e && t.Channel == ch && t.Language == lang)
                    select stored is null
                        ? new Wording(item, ch == NotificationChannel.Email ? texts.BuiltIn(e, ch, "subject", lang) : null, texts.BuiltIn(e, ch, "body", lang), null, null)
                        : new Wording(item, stored.Subject, stored.Body, stored.UpdatedAt, stored.UpdatedBy)];
        return true;
    }

    public sealed record Item(NotificationEvent Event, NotificationChannel Channel, string Language)
    {
        public string Code => $"{Event.ToString().ToLowerInvariant()}.{Channel.ToString().ToLowerInvariant()}.{Language}";
        public string Anchor => Code.Replace('.', '-');
    }

    // The wording in force; UpdatedAt is null for the built-in one.
    public sealed record Wording(Item Item, string? Subject, string Body, DateTime? UpdatedAt, string? UpdatedBy)
    {
        public bool Own => UpdatedAt is not null;
    }

    public sealed class WordingInput
    {
        public string? Event { get; set; }
        public string? Channel { get; set; }
        public string? Language { get; set; }
        public string? Subject { get; set; }
        public string? Body { get; set; }
    }
}
