using Complaints.Web.Domain;
using Complaints.Web.Privacy;

namespace Complaints.Web.Receipts;

// What a receipt (récépissé, loi 55-19) states, for the page and its PDF alike.
public sealed record ReceiptView(
    string Language,
    string CommuneCode,
    string CommuneName,
    string Reference,
    string? AccessCode,
    DateTime FiledAt,
    ComplaintKind Kind,
    Channel Channel,
    string CategoryName,
    string? DistrictName,
    string? Address,
    string Description,
    int Attachments,
    DateOnly ResponseDueOn,
    string TrackUrl,
    string PrivacyUrl,
    string? LogoUrl = null)
{
    // siteUrl: the scheme and host the citizen reached, for addresses that must read whole on paper.
    public static ReceiptView For(Complaint c, string language, string? accessCode, string siteUrl) => new(
        language,
        c.Commune!.Code,
        c.Commune.Name.In(language),
        c.Reference,
        accessCode,
        c.FiledAt,
        c.Kind,
        c.Channel,
        c.Category!.Name.In(language),
        c.District?.Name.In(language),
        c.Address,
        c.Description,
        c.Attachments.Count,
        c.ResponseDueOn,
        siteUrl + "/track",
        siteUrl + PrivacyNotice.Path(c.Commune.Code),
        c.Commune.LogoStorageKey is null ? null : siteUrl + Files.CommuneLogo.Path(c.Commune.Code));
}
