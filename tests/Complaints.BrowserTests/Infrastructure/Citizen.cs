namespace Complaints.BrowserTests.Infrastructure;

// What a citizen reads on the pages, in each language: the tests find fields by their visible labels.
public sealed record Citizen(string Locale, string Category, string Description, string Address, string Photos, string Submit,
    string Reference, string Code, string Track, string Received, string Filed)
{
    public static readonly Citizen French = new("fr-FR", "Sujet", "Description", "Adresse ou repère", "Photos ou document",
        "Envoyer ma demande", "Référence", "Code d'accès", "Voir ma demande", "Reçue", "Demande reçue");

    public static readonly Citizen Arabic = new("ar-MA", "الموضوع", "الوصف", "العنوان أو علامة مميزة", "صور أو وثيقة",
        "إرسال طلبي", "المرجع", "رمز الولوج", "عرض طلبي", "تم التوصل بها", "تم التوصل بالطلب");
}
