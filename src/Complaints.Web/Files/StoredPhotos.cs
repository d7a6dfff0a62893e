using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Files;

// Photos stored before uploads were cleaned still carry their metadata: each is cleaned once (UploadCleaner), in
// place, and a JobRun row says so, so every instance may run the pass and none does a photo twice. Cleaning is
// idempotent: a photo done twice in a race comes out the same.
public sealed class StoredPhotos(AppDbContext db, IFileStore files, TimeProvider clock, ILogger<StoredPhotos> log)
{
    public const string Job = "photo-cleaned";
    const int Batch = 100;

    public async Task<int> CleanAsync(CancellationToken ct)
    {
        var cleaned = 0;
        while (true)
        {
            var pending = await db.Attachments.AsNoTracking()
                .Where(a => a.ContentType.StartsWith("image/") && !db.JobRuns.Any(j => j.Job == Job && j.Key == a.Id.ToString()))
                .OrderBy(a => a.Id).Take(Batch).ToListAsync(ct);
            if (pending.Count == 0)
                break;
            foreach (var attachment in pending)
                if (await CleanOneAsync(attachment, ct))
                    cleaned++;
        }
        if (cleaned > 0)
            log.LogInformation("Stored photos: {Count} cleaned of their metadata", cleaned);
        return cleaned;
    }

    async Task<bool> CleanOneAsync(Attachment attachment, CancellationToken ct)
    {
        var kind = attachment.ContentType switch
        {
            "image/png" => FileSignature.Png,
            "image/webp" => FileSignature.Webp,
            _ => FileSignature.Jpeg,
        };
        byte[]? content = null;
        await using (var stream = await files.OpenAsync(attachment.StorageKey, ct))
        {
            if (stream is not null)
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                content = copy.ToArray();
            }
        }
        var result = content is null ? null : UploadCleaner.Clean(content, kind);
        if (result?.Bytes is { } bytes)
        {
            await using var cleaned = new MemoryStream(bytes, writable: false);
            await files.SaveAsync(attachment.StorageKey, cleaned, ct);
            await db.Attachments.Where(a => a.Id == attachment.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Size, bytes.Length), ct);
        }
        else
            // Missing, unreadable or a bomb: left as it is, named so an operator can look, and not tried again.
            log.LogWarning("Stored photo {Id} ({Key}) could not be cleaned: {Reason}", attachment.Id, attachment.StorageKey,
                result?.Error ?? "file missing");
        db.JobRuns.Add(new JobRun { Job = Job, Key = attachment.Id.ToString(), At = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            return result?.Bytes is not null;
        }
        catch (DbUpdateException e) when (JobRuns.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

// Runs the pass once when the instance starts.
public sealed class StoredPhotosWorker(IServiceScopeFactory scopes, ILogger<StoredPhotosWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<StoredPhotos>().CleanAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Stored photos could not be cleaned; the next start tries again");
        }
    }
}
