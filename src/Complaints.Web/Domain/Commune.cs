using Complaints.Web.Deadlines;

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
    // The reply-to address of the commune's mail, and the contact named on its pages.
    public string? ContactEmail { get; set; }
    // An inactive commune takes no filing and keeps its complaints and figures.
    public bool Active { get; set; } = true;
    // An optional host name (e.g. reclamations.sefrou.ma) under which the commune's citizen pages answer.
    public string? HostName { get; set; }
    public const int HostNameMax = 253;
    // The logo printed on letters and receipts, kept in the file store.
    public string? LogoStorageKey { get; set; }
    public string? LogoContentType { get; set; }
    // Décret 2-17-265 counts calendar days; a commune may count working days or give itself longer durations.
    public DeadlineMode DeadlineMode { get; set; }
    public int TransmissionDays { get; set; } = LegalDeadlines.TransmissionDays;
    public int ResponseDays { get; set; } = LegalDeadlines.ResponseDays;
    // How long after a definitive answer the citizen may still contest it.
    public int ContestDays { get; set; } = 30;
    // Service agents hear of a response deadline this many days ahead; 0 turns reminders off.
    public int ReminderDaysBefore { get; set; } = 7;
    // Late complaints go up to the cell and the commune administrators.
    public bool EscalateLate { get; set; } = true;
    // Loi 09-08: a settled complaint's personal data is kept this many months, then anonymised; 0 at the next pass.
    public int PersonalDataRetentionMonths { get; set; } = 24;
    public const int MaxRetentionMonths = 120;
    // The number under which the commune declared this processing to the CNDP, shown in the privacy notice.
    public string? CndpDeclaration { get; set; }
    public const int CndpDeclarationMax = 64;

    public List<Service> Services { get; set; } = [];
    public List<Category> Categories { get; set; } = [];
    public List<District> Districts { get; set; } = [];

    public LocalizedText Name => new(NameFr, NameAr);

    public DeadlineRules Rules => new(DeadlineMode, TransmissionDays, ResponseDays);
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
    // Items are deactivated rather than deleted: complaints keep pointing at them, new ones no longer offer them.
    public bool Active { get; set; } = true;
    public int SortOrder { get; set; }

    public LocalizedText Name => new(NameFr, NameAr);
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
    // The extra questions this category asks on the filing form, at the counter and through Open311.
    public List<CategoryQuestion> Questions { get; set; } = [];
    // A category may count its own deadlines (urgent matters shorter, building permits longer); unset means the commune's.
    public DeadlineMode? DeadlineMode { get; set; }
    public int? TransmissionDays { get; set; }
    public int? ResponseDays { get; set; }

    public DeadlineRules RulesWithin(Commune commune) =>
        new(DeadlineMode ?? commune.DeadlineMode, TransmissionDays ?? commune.TransmissionDays, ResponseDays ?? commune.ResponseDays);

    // None without a French text; an Arabic reader of a category described in French only reads the French.
    public LocalizedText? Description => DescriptionFr is { } fr ? new(fr, DescriptionAr ?? fr) : null;
}

public class District : CommuneItem;

// An extra question a category asks (the pole's number, the building permit's reference...); its answer is kept on the
// complaint. Its code is the Open311 attribute code.
public class CategoryQuestion
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelAr { get; set; }
    public QuestionKind Kind { get; set; }
    public bool Required { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
    // For a choice: the values offered, each with its wording in both languages.
    public List<QuestionChoice> Choices { get; set; } = [];

    public LocalizedText Label => new(LabelFr, LabelAr);
}

public class QuestionChoice
{
    public required string Key { get; set; }
    public required string NameFr { get; set; }
    public required string NameAr { get; set; }

    public LocalizedText Name => new(NameFr, NameAr);
}

public enum QuestionKind { Text, Number, Choice }

// The answer a complaint gave to one of its category's questions, with the question's wording at filing time, so a
// later rewording or deactivation does not change what the citizen answered.
public class ComplaintAnswer
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelAr { get; set; }
    // The text typed, or the key of the choice made.
    public required string Value { get; set; }
    // For a choice: its wording in both languages.
    public string? ValueFr { get; set; }
    public string? ValueAr { get; set; }

    public LocalizedText Label => new(LabelFr, LabelAr);
    public string ValueIn(string language) => ValueFr is null ? Value : new LocalizedText(ValueFr, ValueAr ?? ValueFr).In(language);
}
