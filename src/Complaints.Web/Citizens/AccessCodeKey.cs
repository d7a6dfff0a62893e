using System.Security.Cryptography;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Citizens;

// A secret the database keeps only under data protection, whose keys are themselves encrypted with a certificate the
// database does not hold (KeyProtection): the key of the access codes' hashes (ADR 16). Made once, by whichever
// instance starts first, and read by every instance at start.
public sealed class StoredSecret
{
    public string Name { get; set; } = "";
    public string Protected { get; set; } = "";
}

// The access codes' key, read at start; hashes and verifies codes with it.
public sealed class AccessCodeKey
{
    const string Name = "access-code-key";
    const string Purpose = "Complaints.AccessCodeKey.v1";

    byte[]? key;

    // False when the key could not be read at start: no code is hashed and no keyed hash verifies.
    public bool Ready => key is not null;

    public string Hash(string code) => AccessCode.Hash(code,
        key ?? throw new InvalidOperationException("The access codes' key could not be read at start: see the start-up log."));

    // Without the key (a copy of the database opened without its certificate), a keyed hash opens nothing.
    public bool Verify(string code, string stored) => (key is not null || !AccessCode.IsKeyed(stored)) && AccessCode.Verify(code, stored, key);

    // Under the start-up lock, so that two instances starting together make one key. A key protected with a
    // data-protection key that has since been replaced is protected again with the current one, so retiring old
    // data-protection keys never loses it.
    public async Task LoadAsync(AppDbContext db, IDataProtectionProvider protection, ILogger log, CancellationToken ct = default)
    {
        var protector = (IPersistedDataProtector)protection.CreateProtector(Purpose);
        await using var turn = await StartupLock.AcquireAsync(db, ct);
        var stored = await db.Secrets.SingleOrDefaultAsync(s => s.Name == Name, ct);
        if (stored is null)
        {
            key = RandomNumberGenerator.GetBytes(32);
            db.Secrets.Add(new StoredSecret { Name = Name, Protected = Convert.ToBase64String(protector.Protect(key)) });
            await db.SaveChangesAsync(ct);
            log.LogInformation("Made the access codes' key.");
            return;
        }
        try
        {
            key = protector.DangerousUnprotect(Convert.FromBase64String(stored.Protected), ignoreRevocationErrors: true,
                out var requiresMigration, out _);
            if (requiresMigration)
            {
                stored.Protected = Convert.ToBase64String(protector.Protect(key));
                await db.SaveChangesAsync(ct);
            }
        }
        catch (CryptographicException e)
        {
            // A new key would silently lock every citizen out of their complaints: none is made, and until the site is
            // started with the right certificate it files nothing and opens no code.
            log.LogCritical(e, "The access codes' key cannot be read with the data-protection keys and certificates configured ({Current}, {Previous}): "
                + "no complaint can be filed or opened by its code until the certificate it was protected with is set (docs/security.md).",
                KeyProtection.Certificate, KeyProtection.PreviousCertificates);
        }
    }
}
