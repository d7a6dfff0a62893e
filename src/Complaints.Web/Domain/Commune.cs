namespace Complaints.Web.Domain;

public class Commune
{
    public int Id { get; set; }
    // The code is the Open311 jurisdiction_id and appears in citizen URLs.
    public required string Code { get; set; }
    // Three letters that start every reference of this commune, e.g. SEF-2026-000042.
    public required string ReferencePrefix { get; set; }
    public required string NameFr { get; set; }
    public required string NameAr { get; set; }
    public string? ContactEmail { get; set; }

    public List<Service> Services { get; set; } = [];
    public List<Category> Categories { get; set; } = [];
    public List<District> Districts { get; set; } = [];

    public string Name(string language) => language == "ar" ? NameAr : NameFr;
}

// What every commune's list item has: a code and a name in each language.
public abstract class CommuneItem
{
    public int Id { get; set; }
    public int CommuneId { get; set; }
    public Commune? Commune { get; set; }
    public required string Code { get; set; }
    public required string NameFr { get; set; }
    public required string NameAr { get; set; }

    public string Name(string language) => language == "ar" ? NameAr : NameFr;
}

// A municipal department that treats complaints (service habilité).
public class Service : CommuneItem;

// A kind of problem a citizen can choose; it is the Open311 service_code.
public class Category : CommuneItem
{
    public string? DescriptionFr { get; set; }
    public string? DescriptionAr { get; set; }
    public int DefaultServiceId { get; set; }
    public Service? DefaultService { get; set; }
    public int SortOrder { get; set; }

    public string? Description(string language) => language == "ar" ? DescriptionAr : DescriptionFr;
}

public class District : CommuneItem;
