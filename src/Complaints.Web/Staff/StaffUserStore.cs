using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// Second factors at rest: the authenticator key is kept encrypted with the data-protection keys (themselves encrypted
// with the configured certificate, docs/security.md), recovery codes only as hashes. A copy of the database reveals
// neither. Values written in clear before (a key, or codes) are still read, and rewritten at start-up.
public sealed class StaffUserStore(AppDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<StaffUser, IdentityRole, AppDbContext>(context, describer)
{
    // Identity's own names for the tokens it keeps in AspNetUserTokens.
    const string Provider = "[AspNetUserStore]";
    const string KeyToken = "AuthenticatorKey";
    const string CodesToken = "RecoveryCodes";
    // A new key shown on the account page, used in place of the current one only once a code from it is typed.
    const string PendingKeyToken = "PendingAuthenticatorKey";

    readonly IPersistedDataProtector keys = (IPersistedDataProtector)protection.CreateProtector("Complaints.Staff.AuthenticatorKey");

    public override Task SetAuthenticatorKeyAsync(StaffUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(StaffUser user, CancellationToken cancellationToken) =>
        Reveal(await base.GetAuthenticatorKeyAsync(user, cancellationToken)).Key;

    public async Task<string?> GetPendingKeyAsync(StaffUser user, CancellationToken ct = default) =>
        Reveal(await GetTokenAsync(user, Provider, PendingKeyToken, ct)).Key;

    // Kept by the next update of the member (UserManager.UpdateAsync).
    public Task SetPendingKeyAsync(StaffUser user, string? key, CancellationToken ct = default) => key is null
        ? RemoveTokenAsync(user, Provider, PendingKeyToken, ct)
        : SetTokenAsync(user, Provider, PendingKeyToken, Protect(key), ct);

    public override Task ReplaceCodesAsync(StaffUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, CodesToken, string.Join(';', recoveryCodes.Select(c => Hash(user.Id, c))), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(StaffUser user, string code, CancellationToken cancellationToken)
    {
        var stored = await StoredCodesAsync(user, cancellationToken);
        var hash = Hash(user.Id, code);
        var match = stored.FindIndex(s => s == hash || (!IsHash(s) && Normal(s) == Normal(code)));
        if (match < 0)
            return false;
        stored.RemoveAt(match);
        await SetTokenAsync(user, Provider, CodesToken, string.Join(';', stored), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(StaffUser user, CancellationToken cancellationToken) =>
        (await StoredCodesAsync(user, cancellationToken)).Count;

    // At start-up: keys and codes still in clear are protected, keys protected with a retired or revoked
    // data-protection key are protected anew with the current one. Answers how many could not be read.
    public async Task<int> ProtectStoredSecretsAsync(CancellationToken ct)
    {
        var tokens = await Context.UserTokens.Where(t => t.LoginProvider == Provider && (t.Name == KeyToken || t.Name == CodesToken)).ToListAsync(ct);
        var unreadable = 0;
        foreach (var token in tokens.Where(t => !string.IsNullOrEmpty(t.Value)))
        {
            if (token.Name == CodesToken)
            {
                token.Value = string.Join(';', token.Value!.Split(';').Select(c => IsHash(c) ? c : Hash(token.UserId, c)));
                continue;
            }
            try
            {
                if (Reveal(token.Value) is { Key: { } key, Renew: true })
                    token.Value = Protect(key);
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                // Protected with keys this certificate cannot open (a copy of another site's database), or damaged.
                unreadable++;
            }
        }
        await Context.SaveChangesAsync(ct);
        return unreadable;
    }

    string Protect(string key) => WebEncoders.Base64UrlEncode(keys.Protect(Encoding.UTF8.GetBytes(key)));

    // A revoked data-protection key still opens the secret (revoking is how an operator retires keys stored in
    // clear); the secret is then protected again with the current key.
    (string? Key, bool Renew) Reveal(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return (null, false);
        // A Base32 key as Identity writes it, from before keys were protected; a protected one is longer and mixed-case.
        if (stored.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7'))
            return (stored, true);
        var clear = keys.DangerousUnprotect(WebEncoders.Base64UrlDecode(stored), ignoreRevocationErrors: true,
            out var requiresMigration, out var wasRevoked);
        return (Encoding.UTF8.GetString(clear), requiresMigration || wasRevoked);
    }

    async Task<List<string>> StoredCodesAsync(StaffUser user, CancellationToken ct) =>
        (await GetTokenAsync(user, Provider, CodesToken, ct))?.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList() ?? [];

    // Recovery codes are random, about 47 bits each: plenty against guessing online, but a plain SHA-256 would fall
    // to a graphics card in hours once a backup leaks. PBKDF2 with the person's id as salt costs one derivation per
    // redemption (a few milliseconds) and puts the search out of reach.
    static string Hash(string userId, string code) =>
        Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Normal(code), Encoding.UTF8.GetBytes(userId), 10_000, HashAlgorithmName.SHA256, 32));

    static bool IsHash(string stored) => stored.Length == 44 && stored.EndsWith('=');

    // Typed with or without its dash, in either case.
    static string Normal(string code) => code.Replace("-", "").Replace(" ", "").ToUpperInvariant();
}
