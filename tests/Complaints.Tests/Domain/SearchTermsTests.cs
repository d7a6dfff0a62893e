using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class SearchTermsTests
{
    [Theory]
    [InlineData("Lampe CASSÉE  près de l'École", "lampe cassee pres de l'ecole")]
    [InlineData("النُّفايات", "النفايات")]
    [InlineData("الـــطريق", "الطريق")]
    [InlineData("  ", "")]
    public void Case_accents_short_vowels_and_spacing_are_folded(string typed, string folded) =>
        Assert.Equal(folded, SearchTerms.Fold(typed));

    [Fact]
    public void Wildcards_typed_by_a_user_match_only_themselves()
    {
        Assert.Equal("%100\\%%", SearchTerms.ContainsPattern("100%"));
        Assert.Equal("%a\\_b%", SearchTerms.ContainsPattern("a_b"));
    }

    [Fact]
    public void A_complaint_is_searchable_by_reference_description_and_separately_by_who_filed_it()
    {
        var c = DomainFilings.File(new DateTime(2026, 3, 10, 9, 30, 0, DateTimeKind.Utc), "Éclairage éteint", 42,
            new Complainant { LastName = "Benali", Phone = "0612345678" });
        Assert.Contains("sef-2026-000042", c.SearchText);
        Assert.Contains("eclairage eteint", c.SearchText);
        Assert.DoesNotContain("benali", c.SearchText);
        Assert.Contains("benali", c.SearchPersonal);
        Assert.Contains("0612345678", c.SearchPersonal);
    }
}
