using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Scheduling;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Notifications;

public sealed record WatchPass(int Reminders, int Escalations, int Digests);

// One look at the deadlines at the clock's instant: reminders before a response is due, escalation of late
// complaints, the morning digest. Any number of instances may run it at once: each piece of work is claimed by
// a JobRun row saved in the same transaction as its messages, and the unique index lets only one instance win.
public sealed class DeadlineWatch(AppDbContext db, Notifier notifier, NotificationTexts texts, TimeProvider clock,
    IConfiguration config, NotificationMetrics metrics, ILogger<DeadlineWatch> log)
{
    public const string ReminderJob = "reminder";
    public const string EscalationJob = "escalation";
    public const string DigestJob = "digest";

    // The service holds these; a reopened complaint waits for the cell to route it again.
    static readonly ComplaintStatus[] WithService = [ComplaintStatus.Assigned, ComplaintStatus.InProgress];

    // Moroccan time: the digest leaves at or after this hour.
    public int DigestHour => config.GetValue("Notifications:DigestHour", 7);

    // Who holds what does not change within a pass: one query per commune, role and service, not per complaint.
    readonly Dictionary<(int Commune, string Role, int? Service), List<string>> staff = [];

    public Task<WatchPass> RunAsync(CancellationToken ct) => metrics.WatchAsync(() => PassAsync(ct));

    async Task<WatchPass> PassAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = LegalDeadlines.LocalDate(now);
        staff.Clear();
        var reminders = await RemindAsync(now, today, ct);
        var escalations = await EscalateAsync(now, today, ct);
        var digests = TimeZoneInfo.ConvertTimeFromUtc(now, LegalDeadlines.Morocco).Hour >= DigestHour
            ? await DigestAsync(now, today, ct) : 0;
        if (reminders + escalations + digests > 0)
            log.LogInformation("Deadline watch: {Reminders} reminders, {Escalations} escalations, {Digests} digests", reminders, escalations, digests);
        return new(reminders, escalations, digests);
    }

    public static string DueKey(long complaintId, DateOnly due) => $"{complaintId}:{Day(due)}";

    public static string TransmissionKey(long complaintId, DateOnly due) => $"{complaintId}:transmission:{Day(due)}";

    public static string DigestKey(string userId, DateOnly day) => $"{userId}:{Day(day)}";

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    sealed record Due(long Id, int CommuneId, int? ServiceId, DateOnly On);

    // The agents of the service hear once per complaint and due date, from ReminderDaysBefore days ahead.
    async Task<int> RemindAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        var done = 0;
        var communes = await db.Communes.AsNoTracking().Where(c => c.ReminderDaysBefore > 0)
            .Select(c => new { c.Id, c.ReminderDaysBefore }).ToListAsync(ct);
        foreach (var commune in communes)
        {
            var horizon = today.AddDays(commune.ReminderDaysBefore);
            var due = await db.Complaints.AsNoTracking()
                .Where(c => c.CommuneId == commune.Id && WithService.Contains(c.Status) && c.ServiceId != null && c.ClockPausedAt == null
                    && c.ResponseDueOn >= today && c.ResponseDueOn <= horizon)
                .Select(c => new Due(c.Id, c.CommuneId, c.ServiceId, c.ResponseDueOn)).ToListAsync(ct);
            foreach (var item in await UnclaimedAsync(ReminderJob, due, d => DueKey(d.Id, d.On), ct))
            {
                var c = await db.Complaints.AsNoTracking().SingleAsync(x => x.Id == item.Id, ct);
                db.JobRuns.Add(new JobRun { Job = ReminderJob, Key = DueKey(item.Id, item.On), At = now });
                await notifier.StaffAsync(c.CommuneId, c, NotificationEvent.Reminder,
                    await StaffAsync(c.CommuneId, Roles.ServiceAgent, c.ServiceId, ct), null, ct);
                if (await ClaimAsync(ct))
                    done++;
            }
        }
        return done;
    }

    // Late complaints go up once per missed due date: the response's (the cell, the commune administrators and
    // the agents of the service holding it hear of it) and, for one still waiting to be routed, the transmission's (cell and administrators).
    async Task<int> EscalateAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        var done = 0;
        var communes = await db.Communes.AsNoTracking().Where(c => c.EscalateLate).Select(c => c.Id).ToListAsync(ct);
        foreach (var communeId in communes)
        {
            var lateAnswers = await db.Complaints.AsNoTracking()
                .Where(Complaint.LateOn(today))
                // Late, but not while it waits to be routed (the transmission's escalation below) or for the citizen.
                .Where(c => c.CommuneId == communeId && c.Status != ComplaintStatus.Received && c.ClockPausedAt == null)
                .Select(c => new Due(c.Id, c.CommuneId, c.ServiceId, c.ResponseDueOn)).ToListAsync(ct);
            foreach (var item in await UnclaimedAsync(EscalationJob, lateAnswers, d => DueKey(d.Id, d.On), ct))
            {
                var c = await db.Complaints.SingleAsync(x => x.Id == item.Id, ct);
                // Looked at again now that it is loaded: a move may have landed since the list was read.
                if (!c.IsLateOn(today) || c.Status == ComplaintStatus.Received || c.ClockPausedAt is not null || c.ResponseDueOn != item.On)
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                c.Escalate(now);
                db.JobRuns.Add(new JobRun { Job = EscalationJob, Key = DueKey(c.Id, c.ResponseDueOn), At = now });
                var emails = await UpAsync(communeId, ct);
                if (c.HoldingServiceId is { } serviceId)
                    emails.AddRange(await StaffAsync(communeId, Roles.ServiceAgent, serviceId, ct));
                await notifier.StaffAsync(communeId, c, NotificationEvent.Escalated, emails, null, ct);
                if (await ClaimAsync(ct))
                    done++;
            }

            var lateTransmissions = await db.Complaints.AsNoTracking()
                .Where(c => c.CommuneId == communeId && c.Status == ComplaintStatus.Received && c.ClockPausedAt == null && c.TransmissionDueOn < today)
                .Select(c => new Due(c.Id, c.CommuneId, c.ServiceId, c.TransmissionDueOn)).ToListAsync(ct);
            foreach (var item in await UnclaimedAsync(EscalationJob, lateTransmissions, d => TransmissionKey(d.Id, d.On), ct))
            {
                var c = await db.Complaints.SingleAsync(x => x.Id == item.Id, ct);
                if (c.Status != ComplaintStatus.Received || c.ClockPausedAt is not null || c.TransmissionDueOn != item.On)
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                c.Escalate(now, c.TransmissionDueOn);
                db.JobRuns.Add(new JobRun { Job = EscalationJob, Key = TransmissionKey(c.Id, c.TransmissionDueOn), At = now });
                var day = Display.Date(c.TransmissionDueOn);
                await notifier.StaffAsync(communeId, c, NotificationEvent.Escalated, await UpAsync(communeId, ct),
                    _ => new Dictionary<string, string> { ["date"] = day }, "transmission", ct);
                if (await ClaimAsync(ct))
                    done++;
            }
        }
        return done;
    }

    async Task<List<string>> UpAsync(int communeId, CancellationToken ct) =>
        [.. await StaffAsync(communeId, Roles.ComplaintsCell, null, ct), .. await StaffAsync(communeId, Roles.CommuneAdmin, null, ct)];

    async Task<IReadOnlyList<string>> StaffAsync(int communeId, string role, int? serviceId, CancellationToken ct)
    {
        if (!staff.TryGetValue((communeId, role, serviceId), out var emails))
            staff[(communeId, role, serviceId)] = emails = await notifier.StaffEmailsAsync(communeId, role, serviceId, ct);
        return emails;
    }

    sealed record Item(long Id, string Reference, int CommuneId, int? ServiceId, ComplaintStatus Status,
        LocalizedText Category, DateOnly ResponseDueOn, DateOnly TransmissionDueOn, bool Paused)
    {
        public DateOnly DueOn => Status == ComplaintStatus.Received ? TransmissionDueOn : ResponseDueOn;
        // The clock stands still while the citizen is asked: not late, whatever the date.
        public bool Late(DateOnly today) => !Paused && DueOn < today;
    }

    // Once per person and Moroccan day, after DigestHour: what is theirs to act on. A service agent: the service's
    // complaints due within the reminder days or late; the cell: what waits to be routed, and everything late in the
    // commune; a commune administrator: everything late. Observers and platform administrators act on none: no digest.
    // A day is claimed even when the list is empty: the digest is the morning look, not a notice of each new arrival.
    async Task<int> DigestAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        var people = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.ReceivesDigest && u.Email != null && u.CommuneId != null
                                && (r.Name == Roles.ComplaintsCell || r.Name == Roles.CommuneAdmin || (r.Name == Roles.ServiceAgent && u.ServiceId != null))
                            select new { u.Id, Email = u.Email!, CommuneId = u.CommuneId!.Value, u.ServiceId, Role = r.Name! }).ToListAsync(ct);
        people = await UnclaimedAsync(DigestJob, people, p => DigestKey(p.Id, today), ct);
        if (people.Count == 0)
            return 0;

        var communeIds = people.Select(p => p.CommuneId).Distinct().ToList();
        var reminderDays = await db.Communes.AsNoTracking().Where(c => communeIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.ReminderDaysBefore, ct);
        var horizon = today.AddDays(reminderDays.Values.DefaultIfEmpty(0).Max());
        var items = await db.Complaints.AsNoTracking()
            .Where(c => communeIds.Contains(c.CommuneId) && !Complaint.Settled.Contains(c.Status)
                && (c.Status == ComplaintStatus.Received || c.Status == ComplaintStatus.Reopened || c.ResponseDueOn <= horizon))
            .Select(c => new Item(c.Id, c.Reference, c.CommuneId, c.ServiceId, c.Status, new LocalizedText(c.Category!.NameFr, c.Category.NameAr),
                c.ResponseDueOn, c.TransmissionDueOn, c.ClockPausedAt != null))
            .ToListAsync(ct);

        var done = 0;
        foreach (var person in people)
        {
            var mine = items.Where(i => i.CommuneId == person.CommuneId).Where(i => person.Role switch
            {
                Roles.ServiceAgent => i.ServiceId == person.ServiceId && WithService.Contains(i.Status)
                    && i.ResponseDueOn <= today.AddDays(reminderDays[person.CommuneId]),
                Roles.ComplaintsCell => i.Status is ComplaintStatus.Received or ComplaintStatus.Reopened || i.Late(today),
                _ => i.Late(today),
            }).OrderBy(i => i.DueOn).ThenBy(i => i.Reference).ToList();

            db.JobRuns.Add(new JobRun { Job = DigestJob, Key = DigestKey(person.Id, today), At = now });
            // Waiting for citizens only is nothing to act on.
            var sends = mine.Any(i => !i.Paused);
            if (sends)
            {
                var date = Display.Date(today);
                await notifier.StaffAsync(person.CommuneId, null, NotificationEvent.Digest, [person.Email],
                    language => new Dictionary<string, string> { ["date"] = date, ["list"] = List(mine, today, language) }, null, ct);
            }
            if (await ClaimAsync(ct) && sends)
                done++;
        }
        return done;
    }

    string List(IEnumerable<Item> items, DateOnly today, string language) => string.Join('\n', items.Select(i =>
    {
        var line = string.Format(CultureInfo.InvariantCulture, texts.Text("notify.digest.line", language),
            i.Reference, i.Category.In(language), Display.Date(i.DueOn));
        var marks = new List<string>();
        if (i.Status == ComplaintStatus.Received)
            marks.Add(texts.Text("notify.digest.route", language));
        if (i.Late(today))
            marks.Add(texts.Text("notify.digest.late", language));
        if (i.Paused)
            marks.Add(texts.Text("notify.digest.paused", language));
        return "- " + string.Join(" — ", [line, .. marks]);
    }));

    // Skips what an earlier pass (of any instance) already claimed; the claim itself settles the rest.
    async Task<List<T>> UnclaimedAsync<T>(string job, List<T> items, Func<T, string> key, CancellationToken ct)
    {
        var left = new List<T>();
        foreach (var chunk in items.Chunk(500))
        {
            var keys = chunk.Select(key).ToList();
            var claimed = (await db.JobRuns.AsNoTracking().Where(j => j.Job == job && keys.Contains(j.Key))
                .Select(j => j.Key).ToListAsync(ct)).ToHashSet();
            left.AddRange(chunk.Where(i => !claimed.Contains(key(i))));
        }
        return left;
    }

    // The claim, the complaint's change and the messages are saved together or not at all.
    async Task<bool> ClaimAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A staff move landed on the complaint at the same time: the next pass looks again.
            return false;
        }
        catch (DbUpdateException e) when (JobRuns.IsUniqueViolation(e))
        {
            // Another instance claimed it first.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
