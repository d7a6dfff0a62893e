using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Complaints.Web.Staff;

// The six digits of an authenticator app (RFC 6238: HMAC-SHA1 over 30-second steps), each step accepted once per
// person: a code seen over a shoulder or caught in transit opens nothing once it has been used. It serves the
// sign-in page, the API's login and the confirmation of a new key alike, on the app's clock. Only the current step
// is accepted unless SignIn:TotpClockSkewSteps allows one either side: a code lives at most 30 seconds.
public sealed class OneTimeTotp(AppDbContext db, TimeProvider clock, IOptions<SignInSettings> settings) : IUserTwoFactorTokenProvider<StaffUser>
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
        var now = Now;
        var skew = settings.Value.TotpClockSkewSteps;
        if (Matching(key, token, now - skew, now + skew) is not { } used || used <= user.LastTotpStep)
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

    // A refused code that the key gives for the step just before or after now, not yet used: the phone's clock is
    // off, and the member is told to set it to automatic time. Said only when those steps are not accepted anyway.
    public async Task<bool> ClockLooksOffAsync(UserManager<StaffUser> manager, StaffUser user, string token)
    {
        if (settings.Value.TotpClockSkewSteps > 0 || token.Length != 6 || KeyBytes(await manager.GetAuthenticatorKeyAsync(user)) is not { } key)
            return false;
        var now = Now;
        return Matching(key, token, now - 1, now + 1) is { } step && step != now && step > (user.LastTotpStep ?? long.MinValue);
    }

    long Now => clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;

    static long? Matching(byte[] key, string token, long from, long to)
    {
        long? matched = null;
        for (var step = from; step <= to; step++)
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(key, step)), Encoding.ASCII.GetBytes(token)))
                matched ??= step;
        return matched;
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
