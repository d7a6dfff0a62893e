namespace Complaints.Web.Responses;

public enum TemplatePurpose { Answer, Rejection, InformationRequest }

// A ready answer per category and language, filled with the complaint's data before sending.
public class ResponseTemplate
{
    public int Id { get; set; }
    public int CommuneId { get; set; }
    // Null: offered for every category of the commune.
    public int? CategoryId { get; set; }
    public TemplatePurpose Purpose { get; set; }
    public required string Language { get; set; }
    public required string Name { get; set; }
    public required string Body { get; set; }
}
