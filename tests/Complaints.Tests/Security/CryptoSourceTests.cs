using System.Text.RegularExpressions;

namespace Complaints.Tests.Security;

// The platform's own code (not the benchmark data generator, whose seeded randomness is wanted) names no broken hash or cipher and draws nothing from a predictable generator: read from
// its sources, so that a line added anywhere fails here.
public partial class CryptoSourceTests
{
    static IEnumerable<(string File, int Line, string Text)> SourceLines()
    {
        var src = SecurityMapTests.RepositoryFile("src", "Complaints.Web");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "obj" or "bin")
                continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                yield return (relative, i + 1, lines[i]);
        }
    }

    [Fact]
    public void Only_approved_hashes_and_ciphers_are_named()
    {
        // One exception: the authenticator code is HMAC-SHA1 because RFC 6238 and every authenticator app compute it so
        // (a MAC, not a bare hash); nowhere else.
        var found = SourceLines().Where(l => Broken().IsMatch(l.Text) && !(l.File == Path.Combine("Staff", "OneTimeTotp.cs") && l.Text.Contains("HMACSHA1", StringComparison.Ordinal) || l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Contains(SourceLines(), l => l.Text.Contains("SHA256", StringComparison.Ordinal));
    }

    [Fact]
    public void No_secret_is_drawn_from_a_predictable_generator()
    {
        var found = SourceLines().Where(l => Predictable().IsMatch(l.Text)).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Contains(SourceLines(), l => l.Text.Contains("RandomNumberGenerator.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_api_key_carries_256_random_bits_and_no_two_are_alike()
    {
        // Tokens meant to be unguessable (ASVS 11.5.1): an integrator's key is 32 bytes in URL-safe base64.
        var keys = Enumerable.Range(0, 1000).Select(_ => Complaints.Web.Api.ApiKeys.NewKey()).ToList();
        Assert.All(keys, k => Assert.Equal(32, Convert.FromBase64String(k.Replace('-', '+').Replace('_', '/') + "=").Length));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [GeneratedRegex(@"\b(MD5|SHA1|HMACMD5|HMACSHA1|DES|TripleDES|RC2|Rijndael\w*)\b|CipherMode\.ECB|RSAEncryptionPadding\.Pkcs1|HashAlgorithmName\.(MD5|SHA1)")]
    private static partial Regex Broken();

    [GeneratedRegex(@"new\s+Random\s*\(|\bRandom\.Shared\b")]
    private static partial Regex Predictable();
}
