using Complaints.Web.Domain;

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

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct)
    {
        foreach (var def in Communes)
        {
            var commune = new Commune { Code = def.Code, ReferencePrefix = def.Prefix, NameFr = def.Fr, NameAr = def.Ar };
            db.Communes.Add(commune);
            await db.SaveChangesAsync(ct);
            await StandardTemplate.ApplyToAsync(db, commune, ct, def.Districts);
        }
    }
}
