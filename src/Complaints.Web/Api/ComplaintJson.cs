using System.ComponentModel;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;

namespace Complaints.Web.Api;

// The staff API's complaints on the wire (docs/staff-api.md): a row of the list, the whole complaint, a filing.
public sealed record ComplaintList(IReadOnlyList<ComplaintSummary> Items, int Total, int Page, int PageSize);

public sealed record ComplaintSummary(
    string Reference, string Commune, string Status, string Kind, string Category, string? Service, string Channel,
    DateTime FiledAt, DateOnly Deadline, bool Overdue, bool AwaitingCitizen, bool Paused, string Excerpt)
{
    public static ComplaintSummary From(InboxRow r, DateOnly today) => new(
        r.Reference, r.CommuneCode, r.Status.Wire(), r.Kind.Wire(), r.CategoryCode, r.ServiceCode, r.Channel.Wire(),
        r.FiledAt, r.ResponseDueOn, r.IsOverdue(today), r.AwaitingCitizen, r.ClockPaused, r.Excerpt);
}

public sealed record ComplaintDetail(
    string Reference, string Commune, string Status, string Kind, string Category, string? Service, string? District,
    string Channel, string Language, DateTime FiledAt, DateOnly TransmissionDeadline, DateOnly Deadline, DateTimeOffset ExpectedAt,
    bool Overdue, bool Paused, bool Late, bool AwaitingCitizen, string? RejectionReason, DateTime? DefinitiveAt,
    [property: Description("The citizen's word on a definitive response (the latest one unless a newer answer awaits it).")]
    Satisfaction? Satisfaction,
    [property: Description("The citizen's own words: for every role that reads complaints.")] string? Description,
    [property: Description("The address and map point: not for observers.")] string? Address, double? Latitude, double? Longitude,
    bool ConsentToPublish,
    [property: Description("Who complained: null for observers; a service agent is not given the e-mail address.")] ComplainantDetails? Complainant,
    [property: Description("Not for observers.")] IReadOnlyList<AttachmentInfo>? Attachments,
    [property: Description("The answers to the category's extra questions, worded as they were asked at filing; the citizen's own words, "
        + "like the description.")] IReadOnlyList<AnswerItem>? Answers,
    IReadOnlyList<TimelineItem> Timeline,
    [property: Description("The moves the caller may make now.")] IReadOnlyList<string> AllowedMoves,
    [property: Description("Send it back in If-Match; the ETag carries it too.")] int Version)
{
    // What the caller may not see (StaffScope.Sees) is null, never a blanked string.
    public static ComplaintDetail From(Complaint c, StaffScope scope, DateOnly today)
    {
        var where = scope.Sees(PersonalField.Address);
        var own = scope.Sees(PersonalField.OwnTexts);
        return new(
            c.Reference, c.Commune!.Code, c.Status.Wire(), c.Kind.Wire(), c.Category!.Code, c.Service?.Code, c.District?.Code,
            c.Channel.Wire(), c.Language, c.FiledAt, c.TransmissionDueOn, c.ResponseDueOn, LegalDeadlines.EndOfDay(c.ResponseDueOn),
            Overdue: c.IsLateOn(today), Paused: c.ClockPausedAt is not null, Late: c.IsLateOn(today), c.AwaitingCitizen,
            c.RejectionReason?.Wire(), c.DefinitiveAt,
            c.RatedAt is { } ratedAt ? new Satisfaction(c.Satisfied ?? false, own ? c.SatisfactionComment : null, ratedAt) : null,
            own ? c.Description : null, where ? c.Address : null, where ? c.Latitude : null, where ? c.Longitude : null, c.ConsentToPublish,
            ComplainantDetails.Of(c.Complainant, scope),
            scope.Sees(PersonalField.Attachments) ? [.. c.Attachments.Select(AttachmentInfo.From)] : null,
            own ? [.. c.Answers.OrderBy(a => a.Id).Select(a => AnswerItem.From(a, Localization.Current))] : null,
            [.. c.Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TimelineItem(t.At, t.Actor, Wire(t.Kind),
                own || !Complaint.CitizensOwnWords.Contains(t.Kind) ? t.Text : null, t.VisibleToCitizen))],
            [.. scope.MovesOn(c).Select(m => m.Wire())],
            c.Version);
    }

    // snake_case like every other wire name: information_requested, citizen_information.
    static string Wire(TimelineKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}

public sealed record Satisfaction(bool Satisfied, string? Comment, DateTime At);

public sealed record ComplainantDetails(string? FirstName = null, string? LastName = null, string? Email = null, string? Phone = null)
{
    // Null when the caller is shown none of it.
    public static ComplainantDetails? Of(Complainant who, StaffScope scope)
    {
        if ((scope.PersonalFields & PersonalField.Contact) == PersonalField.None)
            return null;
        var names = scope.Sees(PersonalField.Names);
        return new(names ? who.FirstName : null, names ? who.LastName : null,
            scope.Sees(PersonalField.Email) ? who.Email : null, scope.Sees(PersonalField.Phone) ? who.Phone : null);
    }
}

public sealed record AttachmentInfo(long Id, string FileName, string ContentType, long Size)
{
    public static AttachmentInfo From(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size);
}

public sealed record AnswerItem(
    string Code,
    [property: Description("The question, in the caller's language.")] string Label,
    [property: Description("What was typed, or the key of the value chosen; empty once anonymised.")] string Value,
    [property: Description("For a choice: the value's wording in the caller's language.")] string? ValueLabel)
{
    public static AnswerItem From(ComplaintAnswer a, string language) =>
        new(a.Code, a.Label.In(language), a.Value, a.ValueFr is null ? null : a.ValueIn(language));
}

public sealed record TimelineItem(DateTime At, string Actor, string Kind, string? Text, bool VisibleToCitizen);

public sealed record FiledComplaint(
    string Reference,
    [property: Description("With the reference, it opens the complaint's page for the citizen.")] string AccessCode,
    DateOnly Deadline);
