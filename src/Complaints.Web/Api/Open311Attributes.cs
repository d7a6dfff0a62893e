using System.Text.Json.Serialization;
using Complaints.Web.Citizens;
using Complaints.Web.Domain;
using Complaints.Web.Questions;

namespace Complaints.Web.Api;

// The service definition's attributes and how a POST's attribute[...] fields fill a filing.
// Only four short labels per language, so they stay here rather than in the resource files.
public static class Open311Attributes
{
    public sealed record Open311Attribute(
        [property: JsonPropertyName("variable")] bool Variable,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("datatype")] string Datatype,
        [property: JsonPropertyName("required")] bool Required,
        [property: JsonPropertyName("datatype_description")] string? DatatypeDescription,
        [property: JsonPropertyName("order")] int Order,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("values")] IReadOnlyList<Open311AttributeValue> Values);

    public sealed record Open311AttributeValue(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("name")] string Name);

    static readonly (string Key, string Fr, string Ar)[] Kinds =
    [
        ("observation", "Observation", "ملاحظة"),
        ("suggestion", "Suggestion", "اقتراح"),
        ("complaint", "Réclamation", "شكاية"),
    ];

    // Ours first, then the category's active questions in their order; a question's code is its attribute's code.
    public static List<Open311Attribute> Definition(string language, IEnumerable<District> districts, IEnumerable<CategoryQuestion> questions)
    {
        string T(string fr, string ar) => new LocalizedText(fr, ar).In(language);
        return
        [
            Attribute(1, "kind", T("Nature de la demande (décret n° 2-17-265) ; réclamation si omise.",
                    "نوع الطلب (المرسوم رقم 2.17.265)؛ شكاية إذا لم يحدد."),
                Kinds.Select(k => (k.Key, T(k.Fr, k.Ar)))),
            Attribute(2, "district", T("Quartier.", "الحي."),
                districts.Select(d => (d.Code, d.Name.In(language)))),
            Attribute(3, "consent_to_publish",
                T("Publier la description et le lieu, jamais le nom ni les coordonnées ; non si omis.",
                    "نشر الوصف والمكان، دون الاسم أو وسائل الاتصال أبدا؛ لا إذا لم يحدد."),
                [("true", T("Oui", "نعم")), ("false", T("Non", "لا"))]),
            Attribute(4, "language", T("Langue des réponses au citoyen.", "لغة الردود على المواطن."),
                [("fr", T("Français", "الفرنسية")), ("ar", "العربية")]),
            .. questions.Where(q => q.Active).OrderBy(q => q.SortOrder).ThenBy(q => q.Code).Select((q, i) => new Open311Attribute(
                Variable: true, q.Code, Datatype(q.Kind), q.Required, DatatypeDescription: null, QuestionRules.ReservedCodes.Length + 1 + i, q.Label.In(language),
                [.. q.Choices.Select(c => new Open311AttributeValue(c.Key, c.Name.In(language)))])),
        ];
    }

    static string Datatype(QuestionKind kind) => kind switch
    {
        QuestionKind.Number => "number",
        QuestionKind.Choice => "singlevaluelist",
        _ => "string",
    };

    static Open311Attribute Attribute(int order, string code, string description, IEnumerable<(string Key, string Name)> values) =>
        new(Variable: true, code, Datatype: "singlevaluelist", Required: false, DatatypeDescription: null, order, description,
            [.. values.Select(v => new Open311AttributeValue(v.Key, v.Name))]);

    // Every other attribute[...] is an answer to one of the category's questions, checked by the filing; one the
    // category does not ask is ignored, as the specification lets clients send extra ones.
    public static void Apply(IFormCollection form, FilingRequest request, List<string> errors)
    {
        foreach (var field in form.Keys.Where(k => k.StartsWith("attribute[", StringComparison.Ordinal) && k.EndsWith(']')))
            if (field["attribute[".Length..^1] is var code && !QuestionRules.ReservedCodes.Contains(code))
                request.Answers[code] = form[field].ToString();
        if (Value(form, "kind")?.ToLowerInvariant() is { } kind)
        {
            if (Kinds.Any(k => k.Key == kind))
                request.Kind = Enum.Parse<ComplaintKind>(kind, ignoreCase: true);
            else
                errors.Add("attribute[kind] must be observation, suggestion or complaint");
        }
        // The district code is checked against the commune by the filing itself.
        request.DistrictCode = Value(form, "district");
        if (Value(form, "consent_to_publish")?.ToLowerInvariant() is { } consent)
        {
            if (consent is "true" or "false")
                request.ConsentToPublish = consent == "true";
            else
                errors.Add("attribute[consent_to_publish] must be true or false");
        }
        if (Value(form, "language")?.ToLowerInvariant() is { } language)
        {
            if (language is "fr" or "ar")
                request.Language = language;
            else
                errors.Add("attribute[language] must be fr or ar");
        }
    }

    static string? Value(IFormCollection form, string code)
    {
        var value = form[$"attribute[{code}]"].ToString().Trim();
        return value.Length == 0 ? null : value;
    }
}
