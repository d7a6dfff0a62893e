using System.Text.RegularExpressions;
using System.Xml.Linq;
using Complaints.Web.Notifications;

namespace Complaints.Tests.Resources;

// Every string a person reads exists in French and in Arabic.
public partial class ResourceTests
{
    static readonly string Source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Complaints.Web"));

    static Dictionary<string, string> Load(string language) =>
        XDocument.Load(Path.Combine(Source, "Resources", $"SharedResource.{language}.resx"))
            .Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void French_and_Arabic_have_the_same_keys_and_no_empty_text()
    {
        var fr = Load("fr");
        var ar = Load("ar");
        Assert.Empty(fr.Keys.Except(ar.Keys));
        Assert.Empty(ar.Keys.Except(fr.Keys));
        Assert.DoesNotContain(fr, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.DoesNotContain(ar, e => string.IsNullOrWhiteSpace(e.Value));
    }

    [Fact]
    public void Arabic_texts_are_written_in_Arabic()
    {
        // Codes, addresses and examples may stay Latin; every sentence must carry Arabic letters.
        var untranslated = Load("ar").Where(e => !ArabicLetter().IsMatch(e.Value)).Select(e => e.Key).ToList();
        Assert.Empty(untranslated);
    }

    [Fact]
    public void Every_key_the_code_asks_for_exists()
    {
        var known = Load("fr").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(known));
    }

    [Fact]
    public void Every_status_kind_channel_reason_timeline_entry_and_notification_has_its_words()
    {
        var known = Load("fr").Keys.ToHashSet();
        var needed = Enum.GetValues<Web.Domain.ComplaintStatus>().Select(s => $"status.{Web.Domain.StatusNames.Wire(s)}")
            .Concat(Enum.GetValues<Web.Domain.ComplaintKind>().Select(k => $"kind.{Web.Domain.StatusNames.Wire(k)}"))
            .Concat(Enum.GetValues<Web.Domain.Channel>().Select(c => $"channel.{Web.Domain.StatusNames.Wire(c)}"))
            .Concat(Enum.GetValues<Web.Domain.RejectionReason>().Select(r => $"reason.{r}"))
            .Concat(Enum.GetValues<Web.Domain.TimelineKind>().Select(t => $"timeline.{t.ToString().ToLowerInvariant()}"))
            .Concat(Enum.GetValues<Web.Domain.TimelineKind>().Select(t => $"staff.timeline.{t.ToString().ToLowerInvariant()}"))
            .Concat(Enum.GetValues<NotificationEvent>().SelectMany(e => NotificationTexts.IsForStaff(e)
                ? new[] { NotificationTexts.Key(e, NotificationChannel.Email, "subject"), NotificationTexts.Key(e, NotificationChannel.Email, "body") }
                : [NotificationTexts.Key(e, NotificationChannel.Email, "subject"), NotificationTexts.Key(e, NotificationChannel.Email, "body"),
                    NotificationTexts.Key(e, NotificationChannel.Sms, "body")]));
        Assert.Empty(needed.Except(known));
    }

    // The audit reader offers every action by its words; an action added without them would read as its code.
    [Fact]
    public void Every_audit_action_has_its_words()
    {
        var known = Load("fr").Keys.ToHashSet();
        Assert.Empty(Web.Audit.AuditActions.Known.Select(Web.Audit.AuditActions.LabelKey).Except(known));
    }

    [GeneratedRegex(@"\p{IsArabic}")]
    private static partial Regex ArabicLetter();

    // L["key"], l["key"] and message keys such as "error.description.required".
    [GeneratedRegex(@"(?:\b[Ll]\[""|"")((?:error|file|home|receipt|track|layout|nav|app|form|kind|status|timeline|reason|channel|api|letter|staff|notify|stats|figures|report)\.[a-z0-9.]+)""")]
    private static partial Regex LiteralKey();
}
