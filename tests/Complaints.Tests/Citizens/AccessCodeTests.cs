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

    static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void The_hash_verifies_the_code_it_was_made_from()
    {
        var code = AccessCode.Generate();

        Assert.True(AccessCode.Verify(code, AccessCode.Hash(code, Key), Key));
    }

    [Theory]
    [InlineData("k7mp3qxa")]
    [InlineData("K7MP-3QXA")]
    [InlineData("k7mp 3qxa")]
    [InlineData(" K7 MP-3Q XA ")]
    public void The_code_is_accepted_in_lower_case_and_with_spaces_or_dashes(string typed)
    {
        var stored = AccessCode.Hash("K7MP3QXA", Key);

        Assert.True(AccessCode.Verify(typed, stored, Key));
    }

    [Theory]
    [InlineData("K7MP3QXB")]
    [InlineData("K7MP3QX")]
    [InlineData("")]
    public void Another_code_is_refused(string other)
    {
        var stored = AccessCode.Hash("K7MP3QXA", Key);

        Assert.False(AccessCode.Verify(other, stored, Key));
    }

    [Fact]
    public void Two_hashes_of_the_same_code_differ_because_they_are_salted()
    {
        var first = AccessCode.Hash("K7MP3QXA", Key);
        var second = AccessCode.Hash("K7MP3QXA", Key);

        Assert.NotEqual(first, second);
        Assert.True(AccessCode.Verify("K7MP3QXA", first, Key));
        Assert.True(AccessCode.Verify("K7MP3QXA", second, Key));
    }

    [Fact]
    public void The_stored_hash_does_not_contain_the_code()
    {
        var stored = AccessCode.Hash("K7MP3QXA", Key);

        Assert.DoesNotContain("K7MP3QXA", stored, StringComparison.OrdinalIgnoreCase);
    }

    // What a stolen database holds is the hash without the key: trying every code against it with any other key finds nothing.
    [Fact]
    public void Without_the_key_the_stored_hash_opens_nothing()
    {
        var stored = AccessCode.Hash("K7MP3QXA", Key);
        var otherKey = Key.Select(b => (byte)(b ^ 0x5A)).ToArray();

        Assert.False(AccessCode.Verify("K7MP3QXA", stored, otherKey));
        Assert.False(AccessCode.Verify("K7MP3QXA", stored, []));
    }

    // Made by the salted PBKDF2 hash every complaint was stored with before the keyed hash.
    [Fact]
    public void A_code_stored_by_the_slow_hash_of_before_still_opens_its_complaint()
    {
        const string before = "AAECAwQFBgcICQoLDA0ODw==:EAMKv2aXo+B7mbw13D32yO7RTRPtjlexuD6a/YI8vnk=";

        Assert.True(AccessCode.Verify("k7mp-3qxa", before, Key));
        Assert.False(AccessCode.Verify("K7MP3QXB", before, Key));
        Assert.False(AccessCode.IsKeyed(before));
        Assert.True(AccessCode.Verify("K7MP3QXA", AccessCode.SlowHash("K7MP3QXA"), Key));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("h1:x")]
    [InlineData("h1:not base64!:AAAA")]
    [InlineData("not base64!:AAAA")]
    public void A_malformed_stored_hash_verifies_nothing(string stored)
    {
        Assert.False(AccessCode.Verify("K7MP3QXA", stored, Key));
    }
}
