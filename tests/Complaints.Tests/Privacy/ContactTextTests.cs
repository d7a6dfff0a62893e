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
}
