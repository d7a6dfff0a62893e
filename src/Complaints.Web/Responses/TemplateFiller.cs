using Complaints.Web.Domain;
using Complaints.Web.Hosting;

namespace Complaints.Web.Responses;

// Fills a template's {placeholders} with the complaint's data, in the template's language.
public static class TemplateFiller
{
    public static readonly string[] Placeholders = ["{reference}", "{commune}", "{category}", "{service}", "{filed_on}", "{deadline}", "{citizen}"];

    // How a letter greets a citizen who gave no name.
    static readonly LocalizedText Anonymous = new("Madame, Monsieur", "السيدة، السيد");

    public static string Fill(string body, Complaint c, string language) =>
        Fill(body, TemplateValues.Of(c), language);

    public static string Fill(string body, TemplateValues c, string language)
    {
        var citizen = string.Join(' ', new[] { c.Complainant.FirstName, c.Complainant.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (citizen.Length == 0)
            citizen = Anonymous.In(language);
        return body
            .Replace("{reference}", c.Reference)
            .Replace("{commune}", c.Commune?.Name.In(language) ?? "")
            .Replace("{category}", c.Category?.Name.In(language) ?? "")
            .Replace("{service}", c.Service?.Name.In(language) ?? "")
            .Replace("{filed_on}", Display.DateTime(c.FiledAt)[..10])
            .Replace("{deadline}", Display.Date(c.ResponseDueOn))
            .Replace("{citizen}", citizen);
    }
}

// What a template may name of a complaint: a real one's, or an example's when an administrator previews a wording.
public sealed record TemplateValues(string Reference, Commune? Commune, Category? Category, Service? Service,
    DateTime FiledAt, DateOnly ResponseDueOn, Complainant Complainant)
{
    public static TemplateValues Of(Complaint c) => new(c.Reference, c.Commune, c.Category, c.Service, c.FiledAt, c.ResponseDueOn, c.Complainant);
}
