using Complaints.Web.Citizens;

namespace Complaints.Tests.Citizens;

public class AccessCodeTests
{
    const string Unambiguous = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    [Fact]
    public void A_generated_code_is_eight_characters_of_the_unambiguous_alphabet()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = AccessCode.Generate();
            Assert.Equal(8, code.Length);
            Assert.All(code, c => Assert.Contains(c, Unambiguous));
        }
    }

    [Fact]
    public void The_alphabet_leaves_out_characters_read_or_typed_alike()
    {
        var seen = string.Concat(Enumerable.Range(0, 500).Select(_ => AccessCode.Generate()));

        Assert.DoesNotContain(seen, c => "0O1IL".Contains(c));
    }

    [Fact]
    public void Generated_codes_differ_from_each_other()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => AccessCode.Generate()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void The_hash_verifies_the_code_it_was_made_from()
    {
        var code = AccessCode.Generate();

        Assert.True(AccessCode.Verify(code, AccessCode.Hash(code)));
    }

    [Theory]
    [InlineData("k7mp3qxa")]
    [InlineData("K7MP-3QXA")]
    [InlineData("k7mp 3qxa")]
    [InlineData(" K7 MP-3Q XA ")]
    public void The_code_is_accepted_in_lower_case_and_with_spaces_or_dashes(string typed)
    {
        var stored = AccessCode.Hash("K7MP3QXA");

        Assert.True(AccessCode.Verify(typed, stored));
    }

    [Theory]
    [InlineData("K7MP3QXB")]
    [InlineData("K7MP3QX")]
    [InlineData("")]
    public void Another_code_is_refused(string other)
    {
        var stored = AccessCode.Hash("K7MP3QXA");

        Assert.False(AccessCode.Verify(other, stored));
    }

    [Fact]
    public void Two_hashes_of_the_same_code_differ_because_they_are_salted()
    {
        var first = AccessCode.Hash("K7MP3QXA");
        var second = AccessCode.Hash("K7MP3QXA");

        Assert.NotEqual(first, second);
        Assert.True(AccessCode.Verify("K7MP3QXA", first));
        Assert.True(AccessCode.Verify("K7MP3QXA", second));
    }

    [Fact]
    public void The_stored_hash_does_not_contain_the_code()
    {
        var stored = AccessCode.Hash("K7MP3QXA");

        Assert.DoesNotContain("K7MP3QXA", stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_malformed_stored_hash_verifies_nothing()
    {
        Assert.False(AccessCode.Verify("K7MP3QXA", "x"));
    }
}
