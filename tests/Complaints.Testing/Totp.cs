using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Infrastructure;

// The code an authenticator app shows (RFC 6238: SHA-1, 30 s, 6 digits) for a Base32 key.
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var key = FromBase32(base32Key);
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    // The code the app shows now, for a step this person has not signed in with yet, on the app's clock. The app takes
    // each step once and, by default, only the current one: a second sign-in within the same 30 seconds waits for the
    // next step, as a person would.
    public static async Task<string> NextCodeAsync(this TestApp app, string userId, string base32Key)
    {
        var used = await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.LastTotpStep).SingleAsync());
        var step = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        if (used is { } last && last >= step)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(30 * (last + 1 - step)));
            step = last + 1;
        }
        return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
    }

    static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Trim().Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
