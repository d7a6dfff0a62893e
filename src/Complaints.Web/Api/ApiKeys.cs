using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Api;

public sealed record IssuedApiKey(int Id, string Name, string Key);

// A commune's Open311 keys: issued, listed and revoked the same way by the administration page and the staff API;
// checked on every Open311 filing. Only a hash of a key is stored, so it is shown once, when it is issued.
public sealed class ApiKeys(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public const int NameMax = 200;

    // A busy client files many times an hour; its last use is written at most once an hour so that filing does not
    // turn into a write on the key's row each time, and an hour is as precise as "is this client still in use" needs.
    public static readonly TimeSpan LastUseGranularity = TimeSpan.FromHours(1);

    // API keys are long random strings, so a plain SHA-256 is enough to keep them unreadable.
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));

    // 32 random bytes (256 bits) in URL-safe base64: pasted into a query string or a form as it is.
    public static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<List<ApiKey>> ListAsync(Commune commune, CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().Where(k => k.CommuneId == commune.Id).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(ct);

    // The error is a resource key for the name, or null when the key was issued.
    public async Task<(IssuedApiKey? Issued, string? NameError)> IssueAsync(StaffScope scope, Commune commune, string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
            return (null, "error.apikey.name.required");
        if (name.Length > NameMax)
            return (null, "error.apikey.name.long");
        var key = NewKey();
        var stored = new ApiKey { Name = name, KeyHash = Hash(key), CommuneId = commune.Id, CreatedAt = Now, CreatedBy = scope.Email };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(ct);
        await audit.RecordNowAsync(scope, AuditActions.ApiKeyIssued, commune.Id, details: $"{stored.Id} {name}");
        return (new IssuedApiKey(stored.Id, name, key), null);
    }

    // False: no such key in this commune. Revoking a revoked key changes nothing and is not audited again.
    public async Task<bool> RevokeAsync(StaffScope scope, Commune commune, int id, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.CommuneId == commune.Id, ct);
        if (key is null)
        {
            await ReachRefusals.LogIfElsewhereAsync(http.HttpContext, scope, "api key", id, d => d.ApiKeys.Where(k => k.Id == id), ct);
            return false;
        }
        if (!key.Revoked)
        {
            key.Revoked = true;
            key.RevokedAt = Now;
            audit.Record(scope, AuditActions.ApiKeyRevoked, commune.Id, details: $"{key.Id} {key.Name}");
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    // The key an Open311 client gave, if it is known and not revoked, with the commune of this code (none when no such
    // code): read from the database on every filing, so a revocation takes effect on the next request, and in one
    // statement, since a filing needs both.
    public async Task<(ApiKey? Key, Commune? Commune)> ValidAsync(string? value, string? communeCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(value))
            return (null, null);
        var found = await KeyAndCommune.For(db)(db, Hash(value), communeCode ?? "", ct);
        return (found?.Key, found?.Commune);
    }

    sealed record Found(ApiKey Key, Commune? Commune);

    static readonly PerModel<Func<AppDbContext, string, string, CancellationToken, Task<Found?>>> KeyAndCommune = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, string hash, string code, CancellationToken _) =>
            (from k in context.ApiKeys.AsNoTracking()
             where k.KeyHash == hash && !k.Revoked
             from c in context.Communes.AsNoTracking().Where(c => c.Code == code).DefaultIfEmpty()
             select new Found(k, c)).SingleOrDefault()));

    // One conditional update: of several requests in the same hour only the first writes, without reading first.
    public async Task RecordUseAsync(ApiKey key, CancellationToken ct)
    {
        var now = Now;
        var before = now - LastUseGranularity;
        if (key.LastUsedAt is { } last && last > before)
            return;
        await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= before))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
    }
}
