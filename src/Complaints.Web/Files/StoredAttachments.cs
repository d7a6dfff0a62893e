using Complaints.Web.Citizens;
using Complaints.Web.Domain;

namespace Complaints.Web.Files;

// A checked and cleaned upload (FilingValidation.CheckUploadsAsync) written to the file store, the citizen's and staff's alike.
public static class StoredAttachments
{
    public static async Task<Attachment> SaveAsync(IFileStore files, string communeCode, int year, Upload upload,
        FileSignature.Kind kind, byte[] bytes, DateTime at, CancellationToken ct)
    {
        var key = $"{communeCode}/{year}/{Guid.NewGuid():N}{kind.Extension}";
        await using (var stream = new MemoryStream(bytes, writable: false))
            await files.SaveAsync(key, stream, ct);
        return new Attachment
        {
            FileName = SafeFileName(upload.FileName, kind),
            ContentType = kind.ContentType,
            Size = bytes.Length,
            StorageKey = key,
            UploadedAt = at,
        };
    }

    // The name shown and sent back: letters, digits and a few signs of the sender's name, with the extension of what the file is.
    static string SafeFileName(string name, FileSignature.Kind kind)
    {
        var baseName = Path.GetFileNameWithoutExtension(Path.GetFileName(name));
        var safe = new string(baseName.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').ToArray()).Trim();
        if (safe.Length == 0)
            safe = "piece";
        return (safe.Length > 100 ? safe[..100] : safe) + kind.Extension;
    }
}
