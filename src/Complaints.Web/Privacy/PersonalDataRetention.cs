using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Privacy;

// Loi 09-08 (docs/decisions/0012-personal-data-retention.md): a complaint's personal data is kept for the commune's
// retention months after it is settled — closed, or answered or rejected and no longer contestable — then
// anonymised everywhere it was copied: the complaint and its timeline, its attachments and their files, its
// messages in the outbox, the details of its audit rows. Reference, category, district, dates, status and figures stay.
public sealed class PersonalDataRetention(AppDbContext db, IFileStore files, TimeProvider clock, ILogger<PersonalDataRetention> log)
{
    const int Batch = 200;
    const string Gone = "—";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = LegalDeadlines.LocalDate(now);
        var done = 0;
        var communes = await db.Communes.AsNoTracking().ToListAsync(ct);
        foreach (var commune in communes)
        {
            // Settled no earlier than the definitive response: a first cut the database can make.
            var cutoff = now.AddMonths(-commune.PersonalDataRetentionMonths);
            long after = 0;
            while (true)
            {
                var ids = await db.Complaints.AsNoTracking()
                    .Where(c => c.CommuneId == commune.Id && c.Id > after && c.AnonymizedAt == null
                        && Complaint.Settled.Contains(c.Status) && c.DefinitiveAt != null && c.DefinitiveAt <= cutoff)
                    .OrderBy(c => c.Id).Select(c => new
                    {
                        c.Id, c.Status, c.DefinitiveAt,
                        ClosedAt = c.Timeline.Where(t => t.Kind == TimelineKind.Closed).Max(t => (DateTime?)t.At),
                    })
                    .Take(Batch).ToListAsync(ct);
                if (ids.Count == 0)
                    break;
                after = ids[^1].Id;
                foreach (var c in ids)
                {
                    var settledOn = c.Status == ComplaintStatus.Closed && c.ClosedAt is { } closed
                        ? LegalDeadlines.LocalDate(closed)
                        : LegalDeadlines.LocalDate(c.DefinitiveAt!.Value).AddDays(commune.ContestDays + 1);
                    if (settledOn.AddMonths(commune.PersonalDataRetentionMonths) <= today && await AnonymizeAsync(c.Id, now, ct))
                        done++;
                }
            }
        }
        if (done > 0)
            log.LogInformation("Personal data: {Count} settled complaints anonymised at the end of their retention", done);
        return done;
    }

    // At the citizen's request (an erasure, loi 09-08), before the retention ends.
    public Task<bool> AnonymizeNowAsync(long id, CancellationToken ct) => AnonymizeAsync(id, clock.GetUtcNow().UtcDateTime, ct);

    async Task<bool> AnonymizeAsync(long id, DateTime now, CancellationToken ct)
    {
        var complaint = await db.Complaints.Include(c => c.Timeline).Include(c => c.Attachments).Include(c => c.Answers).SingleAsync(c => c.Id == id, ct);
        if (complaint.AnonymizedAt is not null)
            return false;
        var who = complaint.Complainant;
        var address = complaint.Address;
        string Redact(string text)
        {
            text = ContactText.Redact(text, who)!;
            return string.IsNullOrWhiteSpace(address) ? text : text.Replace(address, "[…]", StringComparison.OrdinalIgnoreCase);
        }
        var storedFiles = complaint.Attachments.Select(a => a.StorageKey).ToList();
        return await db.InTransactionAsync(async tx =>
        {
            complaint.Anonymize(now, Redact);
            foreach (var entry in await db.AuditEntries.Where(a => a.ComplaintId == id && a.Details != null).ToListAsync(ct))
                entry.Details = Redact(entry.Details!);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone acted on it at this instant: the next pass looks again.
                db.ChangeTracker.Clear();
                return false;
            }
            // Messages keep that they were sent, not to whom nor what they said; one still waiting will not leave, but
            // for the answer to a rights request, which must reach the citizen (an erasure's answer is sent after it).
            await db.OutboxMessages.Where(m => m.ComplaintId == id && !(m.Event == NotificationEvent.RightsAnswered && m.Status == OutboxStatus.Pending))
                .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Recipient, Gone)
                .SetProperty(m => m.Subject, (string?)null)
                .SetProperty(m => m.Body, "")
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.Status, m => m.Status == OutboxStatus.Pending ? OutboxStatus.Failed : m.Status), ct);
            // What the citizen asked and what they were told may name them too.
            await db.RightsRequests.Where(r => r.ComplaintId == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Text, (string?)null)
                .SetProperty(r => r.Answer, (string?)null), ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            // The files go once nothing points to them any more.
            foreach (var key in storedFiles)
                await files.DeleteAsync(key, ct);
            return true;
        }, ct);
    }
}
