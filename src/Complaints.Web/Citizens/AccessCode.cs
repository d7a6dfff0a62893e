using System.Security.Cryptography;

namespace Complaints.Web.Citizens;

// The secret that, with the reference, opens a complaint's private page. Only a salted,
// slow hash is stored, so a leaked database does not open complaints.
public static class AccessCode
{
    // No 0/O, 1/I/L: the code is read aloud at counters and typed on small phones.
    const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    const int Length = 8;
    const int Iterations = 20_000;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Normalize(code), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Convert.ToBase64String(salt)}:{Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string code, string stored)
    {
        var parts = stored.Split(':');
        if (parts.Length != 2)
            return false;
        var salt = Convert.FromBase64String(parts[0]);
        var expected = Convert.FromBase64String(parts[1]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Normalize(code), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    static string Normalize(string code) => code.Trim().Replace(" ", "").Replace("-", "").ToUpperInvariant();
}
