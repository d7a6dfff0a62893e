using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Complaints.Web.Import;

// What a preview hands to its confirmation: the sheet's rows, for whom and which commune, sealed by Data Protection
// in a hidden field. Any instance behind the load balancer can open it (the keys are in the database), nobody can
// change it, and it expires: the rows are checked again on confirmation anyway.
public sealed record ImportTicket(string UserId, int CommuneId, ImportKind Kind, DateTimeOffset IssuedAt, List<ImportRow> Rows, List<int> Good)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    const string Purpose = "Complaints.Import.Ticket.v1";

    public string Seal(IDataProtectionProvider protection)
    {
        using var packed = new MemoryStream();
        using (var zip = new GZipStream(packed, CompressionLevel.Fastest))
            JsonSerializer.Serialize(zip, this);
        return Convert.ToBase64String(protection.CreateProtector(Purpose).Protect(packed.ToArray()));
    }

    // The ticket, or null if it was altered, sealed with another purpose, or is not one at all.
    public static ImportTicket? Open(IDataProtectionProvider protection, string? sealedText)
    {
        if (string.IsNullOrEmpty(sealedText))
            return null;
        try
        {
            var bytes = protection.CreateProtector(Purpose).Unprotect(Convert.FromBase64String(sealedText));
            using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<ImportTicket>(zip);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or InvalidDataException)
        {
            return null;
        }
    }

    public bool ExpiredAt(DateTimeOffset now) => now - IssuedAt > Lifetime;
}
