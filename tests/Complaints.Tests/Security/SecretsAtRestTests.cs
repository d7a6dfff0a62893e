using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Complaints.Tests.Security;

// What a copy of the database (a backup, a stolen dump) gives away: no data-protection key in clear, so no forged
// staff session, and no second factor (authenticator key or recovery code) in a readable form.
public abstract class SecretsAtRestTests(DatabaseKind kind) : AppTest(kind)
{
    static readonly string SiteCertificate = KeyCertificates.Write("complaints-keys");
    static readonly string OtherCertificate = KeyCertificates.Write("another-site");
    // How a key wrapped by RSA-OAEP says so in the database.
    const string OaepWrapped = "algorithm=\"RSA-OAEP-SHA256/AES-256-GCM\"";

    protected override Dictionary<string, string?> Settings => KeyCertificates.Settings(SiteCertificate);

    [Fact]
    public async Task The_keys_in_the_database_are_encrypted_and_staff_still_sign_in()
    {
        // A site set up with its certificate from the first start (the shared template was made without one).
        await using var site = await TestApp.StartAsync(Kind, Settings, seeded: false);
        var cell = await site.CreateAsync(Roles.ComplaintsCell);
        var browser = await site.SignedInAsync(cell);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);

        var keys = await site.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
            // The AES key that encrypts the secret is wrapped by RSA-OAEP, not PKCS#1 v1.5 (ASVS 11.3.1).
            Assert.Contains(OaepWrapped, xml);
            Assert.DoesNotContain("rsa-1_5", xml);
        });
    }

    [Fact]
    public async Task A_key_wrapped_by_the_earlier_PKCS1_encryptor_still_opens_its_sessions_and_an_OAEP_key_signs_from_the_next_start()
    {
        await using var site = await TestApp.StartAsync(Kind, Settings, seeded: false);
        var cell = await site.CreateAsync(Roles.ComplaintsCell);
        var cookie = await SessionCookieAsync(site, cell);

        // Each key rewritten as ASP.NET Core's ProtectKeysWithCertificate wrote it before.
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(SiteCertificate, KeyCertificates.Password);
        var earlier = new CertificateXmlEncryptor(certificate, NullLoggerFactory.Instance);
        var unwrap = new CertificateKeyWrap.Decryptor(site.Services);
        var before = await site.WithDbAsync(async db =>
        {
            var rows = await db.DataProtectionKeys.ToListAsync();
            foreach (var row in rows)
            {
                var key = XElement.Parse(row.Xml!);
                var secret = key.Descendants().Single(e => e.Name.LocalName == "encryptedSecret");
                var old = earlier.Encrypt(unwrap.Decrypt(secret.Elements().Single()));
                secret.ReplaceWith(new XElement(secret.Name, new XAttribute("decryptorType", old.DecryptorType.AssemblyQualifiedName!), old.EncryptedElement));
                row.Xml = key.ToString(SaveOptions.DisableFormatting);
            }
            await db.SaveChangesAsync();
            return rows.Select(r => r.Xml!).ToList();
        });
        Assert.All(before, xml => Assert.Contains("http://www.w3.org/2001/04/xmlenc#rsa-1_5", xml));

        await using var upgraded = TestApp.StartBeside(site, Settings);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(upgraded, cookie).GetAsync("/staff")).StatusCode);
        var after = await upgraded.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        var added = Assert.Single(after.Except(before));
        Assert.Contains(OaepWrapped, added);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(upgraded, await SessionCookieAsync(upgraded, cell)).GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task After_a_change_of_certificate_with_the_old_one_listed_as_previous_earlier_sessions_still_open()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var cookie = await SessionCookieAsync(App, cell);

        var rotated = KeyCertificates.Settings(OtherCertificate);
        rotated["DataProtection:PreviousCertificates:0:Path"] = SiteCertificate;
        rotated["DataProtection:PreviousCertificates:0:Password"] = KeyCertificates.Password;
        await using var next = TestApp.StartBeside(App, rotated);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(next, cookie).GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_copy_of_the_database_opened_with_another_certificate_or_none_accepts_no_session_cookie()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var cookie = await SessionCookieAsync(App, cell);
        // The cookie itself opens the staff pages of the site that issued it.
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(App, cookie).GetAsync("/staff")).StatusCode);

        // The database also holds the key the template was made with, in clear, as after an upgrade: the cookie was
        // signed by the encrypted key made at start-up, or the site without a certificate would read it.
        await using var otherSite = TestApp.StartBeside(App, KeyCertificates.Settings(OtherCertificate));
        Assert.StartsWith("/staff/login", (await WithCookie(otherSite, cookie).GetAsync("/staff")).Target());
        await using var noCertificate = TestApp.StartBeside(App);
        Assert.StartsWith("/staff/login", (await WithCookie(noCertificate, cookie).GetAsync("/staff")).Target());
    }

    [Fact]
    public async Task Second_factors_are_not_stored_as_shown_yet_a_recovery_code_signs_in_once()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "kenitra");
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var (enabled, key) = await browser.EnableTotpAsync(App);
        var codes = (await browser.GetPageAsync(enabled.Target())).QuerySelectorAll(".recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);

        var stored = string.Join('\n', await App.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == admin.Id).Select(t => t.Value).ToListAsync()));
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(key, stored);
        Assert.All(codes, code =>
        {
            Assert.DoesNotContain(code, stored);
            Assert.DoesNotContain(code.Replace("-", ""), stored);
        });

        // The key still gives codes that sign in, and a recovery code works once.
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(admin with { TotpKey = key }));
        Assert.Equal("/staff", (await App.Browser("fr").PostLoginAndCodeAsync(admin, codes[3])).Target());
        var second = App.Browser("ar");
        var refused = await second.PostLoginAndCodeAsync(admin, codes[3]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("هذا الرمز غير صالح. أدخل الرمز المعروض حاليا.", (await refused.ParseAsync()).FieldError("Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_key_and_recovery_codes_kept_in_clear_still_work_and_are_protected_at_the_next_start()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, twoFactor: true);
        // As Identity wrote them before second factors were protected.
        const string clearKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        string[] clearCodes = ["BCDFG-HJKMN", "PQRTV-WXY23", "45678-9BCDF"];
        await App.WithDbAsync(async db =>
        {
            await db.UserTokens.Where(t => t.UserId == cell.Id && t.Name == "AuthenticatorKey").ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, clearKey));
            db.UserTokens.Add(new() { UserId = cell.Id, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = string.Join(';', clearCodes) });
            await db.SaveChangesAsync();
        });
        var legacy = cell with { TotpKey = clearKey };
        Assert.Equal("/staff", await App.Browser("fr").SignInAsync(legacy));
        Assert.Equal("/staff", (await App.Browser("fr").PostLoginAndCodeAsync(legacy, clearCodes[0])).Target());

        await using var restarted = TestApp.StartBeside(App, Settings);
        var stored = string.Join('\n', await restarted.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == cell.Id).Select(t => t.Value).ToListAsync()));
        Assert.DoesNotContain(clearKey, stored);
        Assert.All(clearCodes, code => Assert.DoesNotContain(code, stored));
        Assert.Equal("/staff", await restarted.Browser("fr").SignInAsync(legacy with { App = restarted }));
        Assert.Equal("/staff", (await restarted.Browser("fr").PostLoginAndCodeAsync(legacy, clearCodes[1])).Target());
        // The code used before the restart stays used.
        Assert.Equal(HttpStatusCode.OK, (await restarted.Browser("fr").PostLoginAndCodeAsync(legacy, clearCodes[0])).StatusCode);
    }

    [Fact]
    public async Task An_upgraded_site_signs_with_an_encrypted_key_at_once_and_the_keys_in_clear_can_then_be_deleted()
    {
        // The site as it ran before: keys in clear, a member with a second factor.
        await using var before = await TestApp.StartAsync(Kind, []);
        var admin = await before.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var cell = await before.CreateAsync(Roles.ComplaintsCell);

        await using var upgraded = TestApp.StartBeside(before, Settings);
        var cookie = await SessionCookieAsync(upgraded, cell);

        // What docs/security.md tells the operator to run once every instance has the certificate.
        await upgraded.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "DataProtectionKeys" WHERE "Xml" LIKE '%<masterKey%'"""));
        await using var restarted = TestApp.StartBeside(before, Settings);
        Assert.All(await restarted.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync()), xml => Assert.DoesNotContain("<masterKey", xml));
        // A session opened before the deletion lasts, and the second factor still reads.
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(restarted, cookie).GetAsync("/staff")).StatusCode);
        Assert.Equal("/staff", await restarted.Browser("fr").SignInAsync(admin with { App = restarted }));
    }

    // The cookies a member without a second factor gets by signing in, as a request header.
    static async Task<string> SessionCookieAsync(TestApp app, StaffMember member)
    {
        var signIn = await app.Browser("fr").PostLoginAsync(member.Email, member.Password);
        Assert.Equal("/staff", signIn.Target());
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        Assert.Contains("complaints.staff=", cookie);
        return cookie;
    }

    static HttpClient WithCookie(TestApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    // The program itself, started as an operator starts it: outside Development and tests, on PostgreSQL (several instances
    // sharing keys, so one certificate for all), no certificate, no site. The embedded database makes its own (ProductionRunTests).
    public sealed class ProductionStartTests
    {
        [Fact]
        public async Task On_PostgreSQL_without_a_certificate_the_site_refuses_to_start_with_one_line_saying_what_to_set()
        {
            var (exit, output) = await RunAsync(new()
            {
                ["Database__Provider"] = "Postgres",
                // Never reached: the refusal comes first.
                ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            });
            Assert.NotEqual(0, exit);
            var line = Assert.Single(output);
            Assert.StartsWith("DataProtection:Certificate:Path is not set", line);
            Assert.Contains("openssl req -x509", line);
        }

        [Fact]
        public async Task A_certificate_that_cannot_be_read_is_named_in_one_line()
        {
            var (exit, output) = await RunAsync(new() { ["DataProtection__Certificate__Path"] = "/nonexistent/keys.pfx" });
            Assert.NotEqual(0, exit);
            Assert.StartsWith("DataProtection:Certificate:Path: cannot read /nonexistent/keys.pfx", Assert.Single(output));
        }

        static async Task<(int Exit, IReadOnlyList<string> Output)> RunAsync(Dictionary<string, string> environment)
        {
            await using var site = SiteProcess.Program(environment);
            var exit = await site.ExitCodeAsync();
            return (exit, site.Output.Select(l => l.Trim()).Where(l => l.Length > 0).ToList());
        }
    }

    public sealed class OnSqlite() : SecretsAtRestTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SecretsAtRestTests(DatabaseKind.Postgres);
}

// Certificates for the data-protection keys, made as an operator would (self-signed RSA in a PFX file).
static class KeyCertificates
{
    public const string Password = "pfx-Passw0rd";

    public static string Write(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "complaints-tests")).FullName;
        var path = Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    public static Dictionary<string, string?> Settings(string path) => new()
    {
        ["DataProtection:Certificate:Path"] = path,
        ["DataProtection:Certificate:Password"] = Password,
    };
}
