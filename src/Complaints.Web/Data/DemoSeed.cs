using Complaints.Web.Domain;
using Complaints.Web.Responses;

namespace Complaints.Web.Data;

// The four communes of the 2013 story (docs/operations.md, Demo data). Places and departments only: no person.
public static class DemoSeed
{
    sealed record Def(string Code, string Prefix, string Fr, string Ar, (string Fr, string Ar)[] Districts);

    static readonly Def[] Communes =
    [
        new("sefrou", "SEF", "Sefrou", "صفرو",
            [("Médina", "المدينة العتيقة"), ("Habbouna", "حبونة"), ("Slaoui", "السلاوي"), ("Bni Yazgha", "بني يازغة")]),
        new("el-jadida", "JDA", "El Jadida", "الجديدة",
            [("Cité portugaise", "الحي البرتغالي"), ("Sidi Bouzid", "سيدي بوزيد"), ("Essalam", "السلام"), ("Plateau", "البلاطو")]),
        new("kenitra", "KEN", "Kénitra", "القنيطرة",
            [("Ville haute", "المدينة العليا"), ("Bir Rami", "بئر الرامي"), ("Ouled Oujih", "أولاد أوجيه"), ("Maamora", "المعمورة")]),
        new("safi", "SAF", "Safi", "آسفي",
            [("Médina", "المدينة العتيقة"), ("Biada", "البياضة"), ("Jrifat", "اجريفات"), ("Kawki", "كاوكي")]),
    ];

    static readonly (string Code, string Fr, string Ar)[] ServiceDefs =
    [
        ("eclairage", "Service de l'éclairage public", "مصلحة الإنارة العمومية"),
        ("voirie", "Service de la voirie", "مصلحة الطرق"),
        ("proprete", "Service de la propreté", "مصلحة النظافة"),
        ("espaces-verts", "Service des espaces verts", "مصلحة المساحات الخضراء"),
        ("urbanisme", "Service de l'urbanisme", "مصلحة التعمير"),
        ("etat-civil", "Bureau de l'état civil", "مكتب الحالة المدنية"),
        ("affaires-generales", "Service des affaires générales", "مصلحة الشؤون العامة"),
    ];

    // Category code, names, descriptions, default service.
    static readonly (string Code, string Fr, string Ar, string DescFr, string DescAr, string Service)[] CategoryDefs =
    [
        ("eclairage-public", "Éclairage public", "الإنارة العمومية",
            "Lampadaire éteint, câble à nu, éclairage allumé le jour.", "مصباح معطل، أسلاك مكشوفة، إنارة مشتعلة نهارا.", "eclairage"),
        ("voirie", "Voirie et trottoirs", "الطرق والأرصفة",
            "Nid-de-poule, trottoir abîmé, regard ouvert, signalisation.", "حفر في الطريق، رصيف متضرر، بالوعة مفتوحة، إشارات المرور.", "voirie"),
        ("proprete", "Propreté et déchets", "النظافة والنفايات",
            "Ordures non ramassées, dépôt sauvage, conteneur plein.", "نفايات غير مجمعة، رمي عشوائي، حاوية ممتلئة.", "proprete"),
        ("espaces-verts", "Espaces verts", "المساحات الخضراء",
            "Jardin non entretenu, arbre dangereux, arrosage.", "حديقة مهملة، شجرة خطيرة، السقي.", "espaces-verts"),
        ("urbanisme", "Urbanisme et construction", "التعمير والبناء",
            "Construction sans autorisation, occupation du domaine public.", "بناء بدون ترخيص، احتلال الملك العمومي.", "urbanisme"),
        ("etat-civil", "État civil", "الحالة المدنية",
            "Acte de naissance, légalisation, accueil au bureau.", "عقد الازدياد، تصحيح الإمضاء، الاستقبال بالمكتب.", "etat-civil"),
        ("autre", "Autre", "أخرى",
            "Tout autre sujet relevant de la commune.", "كل موضوع آخر من اختصاص الجماعة.", "affaires-generales"),
    ];

    // Ready answers in both languages; {placeholders} are filled from the complaint (TemplateFiller).
    static readonly (TemplatePurpose Purpose, string? Category, string NameFr, string NameAr, string Fr, string Ar)[] TemplateDefs =
    [
        (TemplatePurpose.Answer, null, "Réponse — intervention réalisée", "جواب — تم التدخل",
            "{citizen},\n\nSuite à votre demande {reference} du {filed_on} relative à « {category} », le {service} est intervenu et le problème signalé a été traité.\n\nNous vous remercions de votre contribution à l'amélioration de notre commune.\n\nLa cellule des plaintes de la commune de {commune}",
            "{citizen}،\n\nإثر طلبكم رقم {reference} بتاريخ {filed_on} المتعلق بـ«{category}»، تدخلت {service} وتمت معالجة المشكل المشار إليه.\n\nنشكركم على مساهمتكم في تحسين جماعتنا.\n\nخلية الشكايات بجماعة {commune}"),
        (TemplatePurpose.Answer, null, "Réponse — intervention programmée", "جواب — تدخل مبرمج",
            "{citizen},\n\nVotre demande {reference} relative à « {category} » a été examinée par le {service}. Une intervention est programmée ; vous serez informé(e) de sa réalisation.\n\nLa cellule des plaintes de la commune de {commune}",
            "{citizen}،\n\nتمت دراسة طلبكم رقم {reference} المتعلق بـ«{category}» من طرف {service}. تمت برمجة تدخل وسيتم إخباركم بإنجازه.\n\nخلية الشكايات بجماعة {commune}"),
        (TemplatePurpose.Answer, "eclairage-public", "Éclairage rétabli", "تمت إعادة الإنارة",
            "{citizen},\n\nL'éclairage public signalé dans votre demande {reference} a été rétabli par le {service}.\n\nLa cellule des plaintes de la commune de {commune}",
            "{citizen}،\n\nتمت إعادة الإنارة العمومية المشار إليها في طلبكم رقم {reference} من طرف {service}.\n\nخلية الشكايات بجماعة {commune}"),
        (TemplatePurpose.InformationRequest, null, "Précisions sur le lieu", "توضيحات حول المكان",
            "{citizen},\n\nPour traiter votre demande {reference}, merci de nous préciser le lieu exact (rue, numéro, repère proche).\n\nLa cellule des plaintes de la commune de {commune}",
            "{citizen}،\n\nلمعالجة طلبكم رقم {reference}، المرجو تحديد المكان بدقة (الشارع، الرقم، علامة قريبة).\n\nخلية الشكايات بجماعة {commune}"),
    ];

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct)
    {
        foreach (var def in Communes)
        {
            var commune = new Commune { Code = def.Code, ReferencePrefix = def.Prefix, NameFr = def.Fr, NameAr = def.Ar };
            foreach (var (code, fr, ar) in ServiceDefs)
                commune.Services.Add(new Service { Code = code, NameFr = fr, NameAr = ar });
            var i = 0;
            foreach (var (fr, ar) in def.Districts)
                commune.Districts.Add(new District { Code = $"d{++i}", NameFr = fr, NameAr = ar, SortOrder = i });
            db.Communes.Add(commune);
            await db.SaveChangesAsync(ct);

            var order = 0;
            foreach (var c in CategoryDefs)
            {
                commune.Categories.Add(new Category
                {
                    Code = c.Code, NameFr = c.Fr, NameAr = c.Ar, DescriptionFr = c.DescFr, DescriptionAr = c.DescAr,
                    DefaultServiceId = commune.Services.Single(s => s.Code == c.Service).Id,
                    SortOrder = ++order,
                });
            }
            await db.SaveChangesAsync(ct);

            foreach (var t in TemplateDefs)
            {
                var categoryId = t.Category is null ? (int?)null : commune.Categories.Single(c => c.Code == t.Category).Id;
                db.ResponseTemplates.Add(new ResponseTemplate { CommuneId = commune.Id, CategoryId = categoryId, Purpose = t.Purpose, Language = "fr", Name = t.NameFr, Body = t.Fr });
                db.ResponseTemplates.Add(new ResponseTemplate { CommuneId = commune.Id, CategoryId = categoryId, Purpose = t.Purpose, Language = "ar", Name = t.NameAr, Body = t.Ar });
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
