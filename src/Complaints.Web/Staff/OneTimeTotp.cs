using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// The six digits of an authenticator app (RFC 6238: HMAC-SHA1 over 30-second steps), each step accepted once per
// person: a code seen over a shoulder or caught in transit opens nothing once it has been used. It serves the
// sign-in page, the API's login and the confirmation of a new key alike, on the app's clock.
public sealed class OneTimeTotp(AppDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<StaffUser>
{
    const int StepSeconds = 30;
    const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    // The app on the phone makes the codes; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) => Task.FromResult("");

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user) =>
        await ValidateAsync(await manager.GetAuthenticatorKeyAsync(user), token, user);

    // Against a key given, such as a new one not yet confirmed; the steps used are the person's, whichever key.
    public async Task<bool> ValidateAsync(string? base32Key, string token, StaffUser user)
    {
        if (token.Length != 6 || !token.All(char.IsAsciiDigit) || KeyBytes(base32Key) is not { } key)
            return false;
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        // A phone's clock may be a step off either way.
        long? matched = null;
        for (var step = now - 1; step <= now + 1 && matched is null; step++)
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(key, step)), Encoding.ASCII.GetBytes(token)))
                matched = step;
        if (matched is not { } used || used <= user.LastTotpStep)
            return false;
        // One conditional update: of two requests with the same code, on one instance or two, only one moves the step.
        var moved = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < used))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, used));
        if (moved == 0)
            return false;
        user.LastTotpStep = used;
        return true;
    }

    static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0F;
        var number = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFF_FFFF;
        return (number % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    // Identity writes keys in Base32 (RFC 4648), upper case, without padding.
    static byte[]? KeyBytes(string? base32)
    {
        if (string.IsNullOrEmpty(base32))
            return null;
        var bytes = new List<byte>(base32.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in base32.TrimEnd('='))
        {
            var value = Base32.IndexOf(char.ToUpperInvariant(c));
            if (value < 0)
                return null;
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
            }
        }
        return [.. bytes];
    }
}
