using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Hosting;

// The data-protection keys sign staff cookies and bearer tokens and encrypt TOTP secrets. They live in the database,
// shared by every instance, encrypted with a certificate the database does not hold: a backup alone forges no session
// and reveals no second factor (docs/security.md, "Secrets at rest").
public static class KeyProtection
{
    public const string Certificate = "DataProtection:Certificate";
    public const string PreviousCertificates = "DataProtection:PreviousCertificates";
    // Made on the first start in Production on the embedded database when none is configured (ADR 18).
    public const string MadeHere = "data-protection-keys.pfx";

    public const string Missing =
        "DataProtection:Certificate:Path is not set: with PostgreSQL every instance shares the keys that sign staff sessions, and must be given the " +
        "same certificate to encrypt them. " +
        "Make one with `openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj /CN=complaints-keys -keyout keys.key -out keys.crt " +
        "&& openssl pkcs12 -export -inkey keys.key -in keys.crt -out keys.pfx`, then set DataProtection__Certificate__Path (and " +
        "DataProtection__Certificate__Password), or DataProtection__Certificate__Thumbprint for one in the machine's store (docs/security.md).";

    // Null when the keys are set up; otherwise the one line an operator needs, and the site must not start.
    public static string? AddAppDataProtection(this WebApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName("Complaints");
        var embedded = DataFolder.IsEmbeddedDatabase(builder.Configuration);
        var madeHere = Path.Combine(DataFolder.Path(builder.Configuration), MadeHere);
        string? made = null;
        X509Certificate2? current;
        X509Certificate2[] previous;
        try
        {
            current = Load(builder.Configuration.GetSection(Certificate));
            previous = [.. builder.Configuration.GetSection(PreviousCertificates).GetChildren().Select(Load).OfType<X509Certificate2>()];
            if (current is null)
            {
                if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
                    return null;
                // Instances on PostgreSQL must share one certificate, which none of them can make for the others. The
                // embedded database has one host: it makes its own, kept beside the database file but not in it.
                if (!embedded)
                    return Missing;
                current = LoadOrMake(madeHere);
                made = madeHere;
            }
            else if (embedded && File.Exists(madeHere))
            {
                // Once a certificate is configured, what the one made here wrapped still opens.
                previous = [.. previous, LoadOrMake(madeHere)];
            }
        }
        catch (UnusableCertificate e)
        {
            return e.Message;
        }
        // New keys are wrapped with the current certificate by RSA-OAEP (CertificateKeyWrap); keys wrapped with an
        // earlier one, or by ASP.NET Core's own PKCS#1 v1.5 encryptor before, still open.
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new CertificateKeyWrap.Encryptor(current));
        protection.UnprotectKeysWithAnyCertificate([current, .. previous]);
        builder.Services.AddSingleton(new KeyWrapCertificates(current, [current, .. previous], made));
        return null;
    }

    // After the schema is up to date: a key kept in clear or wrapped with PKCS#1 v1.5 stops signing anything new, and second factors kept in
    // clear (or under a retired key) are protected with the current one.
    public static async Task ProtectSecretsAtRestAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Complaints.Startup");
        if (services.GetService<KeyWrapCertificates>() is { } certificates)
        {
            if (certificates.MadeAt is { } path)
                log.LogWarning("No {Key}: the data-protection keys are encrypted with a certificate made on this host, {Path}, kept outside the database: " +
                    "a copy of the database alone forges no session, but a copy of the whole folder does. A real deployment configures its own certificate, " +
                    "kept apart from the data (docs/operations.md, Production).", $"{Certificate}:Path", path);
            await RenewKeyNotWrappedAsync(services, log);
        }
        else
            log.LogWarning("No {Key}: data-protection keys are stored in clear, so a copy of the database can forge staff sessions. Production refuses to start this way.",
                $"{Certificate}:Path");
        var store = (StaffUserStore)services.GetRequiredService<IUserStore<StaffUser>>();
        if (await store.ProtectStoredSecretsAsync(CancellationToken.None) is > 0 and var unreadable)
            log.LogError("{Count} authenticator keys cannot be read with the configured certificate: set the certificate they were protected with in {Key}.",
                unreadable, PreviousCertificates);
        await services.GetRequiredService<AccessCodeKey>().LoadAsync(services.GetRequiredService<AppDbContext>(),
            services.GetRequiredService<IDataProtectionProvider>(), log);
    }

    // Keys made before a certificate was configured, or wrapped by ASP.NET Core's PKCS#1 v1.5 encryptor, keep opening
    // the cookies and tokens they signed until they expire (or are deleted, docs/security.md), but from the first start
    // with a certificate a key wrapped by RSA-OAEP signs instead.
    static async Task RenewKeyNotWrappedAsync(IServiceProvider services, ILogger log)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        // Data protection dates its keys by the system clock, not the app's.
        var now = DateTimeOffset.UtcNow;
        var inUse = keys.GetAllKeys().Where(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ActivationDate);
        if (inUse is null)
            return;
        var db = services.GetRequiredService<AppDbContext>();
        var xml = await db.DataProtectionKeys.Where(k => k.FriendlyName == $"key-{inUse.KeyId:D}").Select(k => k.Xml).FirstOrDefaultAsync();
        if (xml is null || xml.Contains(CertificateKeyWrap.Algorithm, StringComparison.Ordinal))
            return;
        keys.CreateNewKey(now, now.AddDays(90));
        log.LogWarning("The data-protection key {KeyId} was stored {How}; a new key wrapped with RSA-OAEP signs from now on (docs/security.md).", inUse.KeyId,
            xml.Contains("<masterKey", StringComparison.Ordinal) ? "in clear" : "wrapped with RSA PKCS#1 v1.5");
    }

    // A PFX file (Path, Password) or a certificate of the CurrentUser or LocalMachine "My" store (Thumbprint).
    static X509Certificate2? Load(IConfigurationSection section)
    {
        X509Certificate2 certificate;
        if (section["Path"] is { Length: > 0 } path)
        {
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["Password"]);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new UnusableCertificate($"{section.Path}:Path: cannot read {path} ({e.Message.TrimEnd('.')}); check the file and {section.Path}:Password.");
            }
        }
        else if (section["Thumbprint"] is { Length: > 0 } thumbprint)
        {
            certificate = FromStore(thumbprint)
                ?? throw new UnusableCertificate($"{section.Path}:Thumbprint: no certificate {thumbprint} in the CurrentUser or LocalMachine \"My\" store.");
        }
        else
        {
            return null;
        }
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
            throw new UnusableCertificate($"{section.Path}: the certificate {certificate.Subject} has no RSA private key, which encrypting the keys needs.");
        return certificate;
    }

    // RSA 3072 and self-signed: nobody but this host needs to trust it. Two instances starting together on one folder
    // keep whichever was written first.
    static X509Certificate2 LoadOrMake(string path)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=complaints-keys (made on this host)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));
            DataFolder.WriteOwnerOnly(path, made.Export(X509ContentType.Pkcs12), replace: false);
        }
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UnusableCertificate($"{path}: cannot read the certificate made on this host ({e.Message.TrimEnd('.')}); restore it, or configure {Certificate}:Path.");
        }
    }

    static X509Certificate2? FromStore(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                // No such store here (Linux has no LocalMachine "My").
                continue;
            }
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", ""), validOnly: false);
            if (found.Count > 0)
                return found[0];
        }
        return null;
    }

    sealed class UnusableCertificate(string message) : Exception(message);
}
