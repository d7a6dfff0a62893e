using System.Security.Cryptography;
using System.Text;

namespace Complaints.Web.Citizens;

// The secret that, with the reference, opens a complaint's private page. It is shown once and never stored: the
// database keeps a hash keyed with a secret it does not hold in clear (AccessCodeKey, ADR 16), so a stolen database
// alone does not open complaints, and a filing costs microseconds instead of a slow hash's milliseconds.
public static class AccessCode
{
    // No 0/O, 1/I/L: the code is read aloud at counters and typed on small phones.
    const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    const int Length = 8;
    // Stored hashes made before the keyed hash: "salt:hash" by PBKDF2, which still verify.
    const int SlowIterations = 20_000;
    const string KeyedPrefix = "h1:";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    // "h1:salt:mac", the MAC keyed with the platform's access-code key; the salt keeps two complaints' hashes apart
    // even if their codes were equal.
    public static string Hash(string code, ReadOnlySpan<byte> key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{KeyedPrefix}{Convert.ToBase64String(salt)}:{Convert.ToBase64String(Mac(code, salt, key))}";
    }

    // The salted slow hash of before, for a hash made where the key is not at hand (the volume generator's one code).
    public static string SlowHash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Convert.ToBase64String(salt)}:{Convert.ToBase64String(Slow(code, salt))}";
    }

    // Either kind of stored hash; the comparison takes the same time wherever the codes differ.
    public static bool Verify(string code, string stored, ReadOnlySpan<byte> key)
    {
        var keyed = stored.StartsWith(KeyedPrefix, StringComparison.Ordinal);
        var parts = (keyed ? stored[KeyedPrefix.Length..] : stored).Split(':');
        if (parts.Length != 2)
            return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[0]);
            expected = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = keyed ? Mac(code, salt, key) : Slow(code, salt);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    // A slow hash verified once is replaced by a keyed one.
    public static bool IsKeyed(string stored) => stored.StartsWith(KeyedPrefix, StringComparison.Ordinal);

    static byte[] Mac(string code, byte[] salt, ReadOnlySpan<byte> key)
    {
        var normalized = Encoding.UTF8.GetBytes(Normalize(code));
        var message = new byte[salt.Length + normalized.Length];
        salt.CopyTo(message, 0);
        normalized.CopyTo(message, salt.Length);
        return HMACSHA256.HashData(key, message);
    }

    static byte[] Slow(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Normalize(code), salt, SlowIterations, HashAlgorithmName.SHA256, 32);

    static string Normalize(string code) => code.Trim().Replace(" ", "").Replace("-", "").ToUpperInvariant();
}
