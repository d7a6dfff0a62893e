namespace Complaints.Web.Domain;

// One text in every language the site speaks (names, descriptions, short labels). French is the text every
// record has, so a language without its own text reads the French one.
public sealed record LocalizedText(string Fr, string Ar)
{
    public string In(string language) => language switch
    {
        "ar" => Ar,
        _ => Fr,
    };
}
