using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class ComplaintReferenceTests
{
    [Theory]
    [InlineData("SEF-2026-000042")]
    [InlineData("sef-2026-000042")]
    [InlineData("  Sef-2026-000042 \t")]
    [InlineData("\nsef-2026-000042\n")]
    public void A_reference_typed_in_any_case_with_spaces_around_is_the_stored_one(string typed) =>
        Assert.Equal("SEF-2026-000042", ComplaintReference.Normalize(typed));
}
