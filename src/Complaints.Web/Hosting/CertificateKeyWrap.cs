using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Complaints.Web.Hosting;

// The certificates that protect the data-protection keys: new keys are wrapped with the current one, and a key
// wrapped with any of them (the current one or one listed as previous) can be read. MadeAt: the file of a certificate
// this host made itself, none being configured.
public sealed record KeyWrapCertificates(X509Certificate2 Current, IReadOnlyList<X509Certificate2> All, string? MadeAt = null);

// ASP.NET Core's own certificate encryptor wraps each key with RSA PKCS#1 v1.5 (EncryptedXml), a padding ASVS 11.3.1
// forbids. Here a fresh AES-256-GCM key encrypts the key's secret and RSA-OAEP with SHA-256 wraps that AES key
// with the certificate's public key (docs/security.md, "Secrets at rest").
public static class CertificateKeyWrap
{
    // Written into every wrapped key so that the way it was wrapped can be read from the database alone.
    public const string Algorithm = "RSA-OAEP-SHA256/AES-256-GCM";

    const int TagBytes = 16;

    public sealed class Encryptor(X509Certificate2 certificate) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var aesKey = RandomNumberGenerator.GetBytes(32);
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagBytes];
            var thumbprint = Thumbprint(certificate);
            try
            {
                using (var aes = new AesGcm(aesKey, TagBytes))
                    aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(thumbprint));
                using var rsa = certificate.GetRSAPublicKey() ?? throw new CryptographicException($"The certificate {certificate.Subject} has no RSA key.");
                var wrapped = rsa.Encrypt(aesKey, RSAEncryptionPadding.OaepSHA256);
                var element = new XElement("wrappedKey",
                    new XAttribute("algorithm", Algorithm),
                    new XAttribute("certificate", thumbprint),
                    new XElement("key", Convert.ToBase64String(wrapped)),
                    new XElement("nonce", Convert.ToBase64String(nonce)),
                    new XElement("tag", Convert.ToBase64String(tag)),
                    new XElement("value", Convert.ToBase64String(ciphertext)));
                return new EncryptedXmlInfo(element, typeof(Decryptor));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(aesKey);
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    // Made by data protection itself from the type named in the stored key, hence the service provider.
    public sealed class Decryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            if ((string?)encryptedElement.Attribute("algorithm") != Algorithm)
                throw new CryptographicException($"A data-protection key is wrapped with {(string?)encryptedElement.Attribute("algorithm")}, not {Algorithm}.");
            var thumbprint = (string?)encryptedElement.Attribute("certificate") ?? "";
            var certificate = services.GetService<KeyWrapCertificates>()?.All.FirstOrDefault(c => Thumbprint(c) == thumbprint)
                ?? throw new CryptographicException(
                    $"A data-protection key was encrypted with the certificate of SHA-256 thumbprint {thumbprint}, which is neither {KeyProtection.Certificate} nor one of {KeyProtection.PreviousCertificates}.");
            var nonce = Read(encryptedElement, "nonce");
            var tag = Read(encryptedElement, "tag");
            var ciphertext = Read(encryptedElement, "value");
            var plaintext = new byte[ciphertext.Length];
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException($"The certificate {certificate.Subject} has no RSA private key.");
            var aesKey = rsa.Decrypt(Read(encryptedElement, "key"), RSAEncryptionPadding.OaepSHA256);
            try
            {
                using (var aes = new AesGcm(aesKey, TagBytes))
                    aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(thumbprint));
                return XElement.Parse(Encoding.UTF8.GetString(plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(aesKey);
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        static byte[] Read(XElement element, string name) =>
            Convert.FromBase64String((string?)element.Element(name) ?? throw new CryptographicException($"A wrapped data-protection key has no <{name}>."));
    }

    // SHA-256 rather than the SHA-1 thumbprint Windows shows: it names the certificate, nothing relies on it for security.
    static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    // The ciphertext only opens under the certificate it names, so the attribute cannot be swapped unnoticed.
    static byte[] AssociatedData(string thumbprint) => Encoding.UTF8.GetBytes($"{Algorithm}|{thumbprint}");
}
