using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class LocalizedTextTests
{
    static readonly LocalizedText Sefrou = new("Sefrou", "صفرو");

    [Fact]
    public void French_readers_read_the_French_text() => Assert.Equal("Sefrou", Sefrou.In("fr"));

    [Fact]
    public void Arabic_readers_read_the_Arabic_text() => Assert.Equal("صفرو", Sefrou.In("ar"));

    [Theory]
    [InlineData("zgh")]
    [InlineData("en")]
    [InlineData("")]
    public void A_language_without_its_own_text_reads_the_French_one(string language) =>
        Assert.Equal("Sefrou", Sefrou.In(language));

    [Fact]
    public void A_category_described_in_French_only_shows_that_description_to_Arabic_readers()
    {
        var category = new Category { Code = "voirie", NameFr = "Voirie", NameAr = "الطرق", DescriptionFr = "Chaussée, trottoirs." };

        Assert.Equal("Chaussée, trottoirs.", category.Description!.In("ar"));
        Assert.Equal("الطرق", category.Name.In("ar"));
    }

    [Fact]
    public void A_category_without_a_description_has_none_in_any_language() =>
        Assert.Null(new Category { Code = "autre", NameFr = "Autre", NameAr = "أخرى" }.Description);
}
