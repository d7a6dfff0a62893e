using System.Net.Mail;
using Complaints.Web.Domain;
using Complaints.Web.Files;

namespace Complaints.Web.Citizens;

public static class FilingValidation
{
    public static void Check(FilingRequest r, FilingErrors errors)
    {
        var description = r.Description?.Trim() ?? "";
        if (description.Length == 0)
            errors["Description"] = "error.description.required";
        else if (description.Length < Limits.DescriptionMin)
            errors["Description"] = "error.description.short";
        else if (description.Length > Limits.DescriptionMax)
            errors["Description"] = "error.description.long";

        if (r.Address?.Trim().Length > Limits.AddressMax)
            errors["Address"] = "error.address.long";
        if (r.FirstName?.Trim().Length > Limits.NameMax)
            errors["FirstName"] = "error.name.long";
        if (r.LastName?.Trim().Length > Limits.NameMax)
            errors["LastName"] = "error.name.long";

        var email = r.Email?.Trim();
        if (!string.IsNullOrEmpty(email) && !IsEmail(email))
            errors["Email"] = "error.email.invalid";

        var phone = r.Phone?.Trim();
        if (!string.IsNullOrEmpty(phone) && !IsPhone(phone))
            errors["Phone"] = "error.phone.invalid";

        if (r.Latitude is { } lat && (lat < -90 || lat > 90 || double.IsNaN(lat)))
            errors["Latitude"] = "error.location.invalid";
        if (r.Longitude is { } lon && (lon < -180 || lon > 180 || double.IsNaN(lon)))
            errors["Longitude"] = "error.location.invalid";
    }

    // MailAddress also parses "Name <a@b.ma>" and "a b@c.ma" (display name "a"): only a bare
    // address that parses back to itself is one we can write to.
    public static bool IsEmail(string email) =>
        email.Length <= Limits.EmailMax && email.Contains('.')
        && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.DisplayName.Length == 0;

    public static bool IsPhone(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        return phone.Length <= Limits.PhoneMax && digits is >= 9 and <= 15
            && phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')');
    }

    // Scanned as received (Files/VirusScan), judged by content, and cleaned (Files/UploadCleaner): what comes back is
    // what may be stored.
    public static async Task<List<(Upload Upload, FileSignature.Kind Kind, byte[] Bytes)>> CheckUploadsAsync(
        IReadOnlyList<Upload> uploads, FilingErrors errors, VirusScan scan, CancellationToken ct)
    {
        var accepted = new List<(Upload, FileSignature.Kind, byte[])>();
        var real = uploads.Where(u => u.Length > 0).ToList();
        if (real.Count > Limits.MaxAttachments)
        {
            errors["Photos"] = "error.photos.count";
            return accepted;
        }
        foreach (var upload in real)
        {
            if (upload.Length > Limits.MaxAttachmentBytes)
            {
                errors["Photos"] = "error.photos.size";
                continue;
            }
            var content = await ReadAsync(upload, ct);
            if (await scan.CheckAsync(content, ct) is { } refused)
            {
                errors["Photos"] = refused;
                continue;
            }
            var kind = FileSignature.Detect(content.AsSpan(0, Math.Min(16, content.Length)));
            if (kind is null)
            {
                errors["Photos"] = "error.photos.type";
                continue;
            }
            var cleaned = UploadCleaner.Clean(content, kind);
            if (cleaned.Error is { } error)
                errors["Photos"] = error;
            else
                accepted.Add((upload, kind, cleaned.Bytes!));
        }
        return accepted;
    }

    public static async Task<byte[]> ReadAsync(Upload upload, CancellationToken ct)
    {
        await using var s = upload.Open();
        using var copy = new MemoryStream();
        await s.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}
