using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Hosting;

// How dates and domain words read on a page, in Morocco's time and the reader's language.
public static class Display
{
    public static string DateTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, LegalDeadlines.Morocco).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    // The clock entries carry a due date as yyyy-MM-dd (ComplaintClock, Complaint.Escalate): people read it as a date.
    public static string? TimelineText(TimelineEntry entry) => TimelineText(entry.Kind, entry.Text);

    public static string? TimelineText(TimelineKind kind, string? text) =>
        kind is TimelineKind.ClockResumed or TimelineKind.Escalated
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? Date(day)
            : text;

    public static string Kind(this IStringLocalizer l, ComplaintKind kind) => l[$"kind.{kind.Wire()}"];

    public static string Status(this IStringLocalizer l, ComplaintStatus status) => l[$"status.{status.Wire()}"];

    public static string Timeline(this IStringLocalizer l, TimelineKind kind) => l[$"timeline.{kind.ToString().ToLowerInvariant()}"];

    // Staff read the timeline as a record of what was done, not as messages addressed to them.
    public static string StaffTimeline(this IStringLocalizer l, TimelineKind kind) => l[$"staff.timeline.{kind.ToString().ToLowerInvariant()}"];

    public static string Role(this IStringLocalizer l, string role) => l[$"staff.role.{role}"];

    public static string Reason(this IStringLocalizer l, RejectionReason reason) => l[$"reason.{reason}"];
}
