using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Complaints.Web.Staff;

// The single-use links sent to staff by mail: an invitation to choose a first password, a new password after
// forgetting it. A link names the user, its purpose, when it was made and the user's security stamp; setting the
// password changes the stamp, so the link works once. Identity's own provider dates tokens with the system clock,
// so the expiry is checked here against the app's clock, which tests move.
public sealed class StaffLinkTokens(IDataProtectionProvider protection, TimeProvider clock) : IUserTwoFactorTokenProvider<StaffUser>
{
    public const string Name = "staff-link";
    public const string Invitation = "invitation";
    // The purpose UserManager gives password reset tokens.
    public const string NewPassword = UserManager<StaffUser>.ResetPasswordTokenPurpose;

    public static TimeSpan Lifespan(string purpose) => purpose == Invitation ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    readonly IDataProtector protector = protection.CreateProtector("Complaints.Staff.Links");

    public async Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(user.Id);
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user));
        }
        return WebEncoders.Base64UrlEncode(protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(protector.Unprotect(WebEncoders.Base64UrlDecode(token))));
            var made = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            if (clock.GetUtcNow() > made + Lifespan(purpose) || reader.ReadString() != user.Id || reader.ReadString() != purpose)
                return false;
            return reader.ReadString() == await manager.GetSecurityStampAsync(user);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or EndOfStreamException)
        {
            return false;
        }
    }

    // Never a second factor.
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(false);
}
