using Complaints.Web.Domain;
using Complaints.Web.Privacy;

namespace Complaints.Tests.Privacy;

// What a delivery error keeps of the address it could not reach: nothing that names the person.
public class ContactTextTests
{
    [Theory]
    [InlineData("SMTP 550: 5.1.1 <amina.b@example.test>: Recipient address rejected", "SMTP 550: 5.1.1 <[…]>: Recipient address rejected")]
    [InlineData("gateway refused +212 6 12 34 56 78 (invalid)", "gateway refused […] (invalid)")]
    [InlineData("numéro 06.12.34.56.78 inconnu", "numéro […] inconnu")]
    [InlineData("SMTP 421: try again in 300 seconds", "SMTP 421: try again in 300 seconds")]
    public void Addresses_and_numbers_are_taken_out_and_codes_stay(string error, string kept) =>
        Assert.Equal(kept, ContactText.Redact(error));

    // A name is matched as written: the characters a pattern gives meaning to are taken literally.
    [Fact]
    public void A_name_with_the_signs_of_a_pattern_is_taken_out_as_written_and_nothing_else()
    {
        var who = new Complainant { FirstName = "A.*", LastName = "(Ben)" };
        Assert.Equal("Réponse à […] […], copie à Amina Benali.", ContactText.Redact("Réponse à A.* (Ben), copie à Amina Benali.", who));
    }
}
