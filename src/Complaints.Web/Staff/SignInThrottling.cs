using System.Net;
using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Staff;

// Failed sign-ins (password or TOTP step, pages or API) counted in the database per account and client address,
// and per client address. Past a few failures each further attempt waits, twice as long after each new failure,
// up to a quarter of an hour; while it waits it is not checked at all. Nobody is ever locked out: the owner of an
// account, from another address, signs in at once whatever was tried against it elsewhere.
public sealed class SignInThrottling(AppDbContext context, TimeProvider clock, ILoggerFactory logs)
{
    readonly AppDbContext db = context;
    readonly ILoggerFactory logs = logs;

    public const int AccountFailures = 5;
    public const int AddressFailures = 20;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);
    // A counter without a new failure for a day starts again from zero.
    public static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    // The attempts of one client address at one e-mail, known to the platform or not.
    public Attempt For(string email, IPAddress? address) => new(this, AccountPrefix(email) + ClientAddress.Of(address), "address:" + ClientAddress.Of(address), address);

    // Every counter of the account, whatever the address: what an administrator clears.
    public async Task ClearAsync(string email, CancellationToken ct = default)
    {
        var prefix = AccountPrefix(email);
        await db.SignInThrottles.Where(t => t.Key.StartsWith(prefix)).ExecuteDeleteAsync(ct);
    }

    // The e-mails of these members whose sign-ins wait now from at least one address.
    public async Task<HashSet<string>> WaitingAsync(IEnumerable<string> emails, CancellationToken ct = default)
    {
        var now = Now;
        var waiting = await db.SignInThrottles.AsNoTracking()
            .Where(t => t.Key.StartsWith("account:") && t.NextAttemptAt > now).Select(t => t.Key).ToListAsync(ct);
        // Each key starts with its account's prefix, up to and with the '|': one hash per member, one look-up per key.
        var prefixes = waiting.Select(k => k[..(k.IndexOf('|') + 1)]).ToHashSet(StringComparer.Ordinal);
        return emails.Where(e => prefixes.Contains(AccountPrefix(e))).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public sealed class Attempt(SignInThrottling throttling, string account, string address, IPAddress? client)
    {
        // How long before this attempt may be checked; null when it may be now. A refusal is logged with the address
        // only: the e-mail typed may be a password typed in the wrong field.
        public async Task<TimeSpan?> WaitAsync(CancellationToken ct = default)
        {
            var wait = await throttling.WaitAsync(account, address, ct);
            if (wait is { } refused)
                throttling.logs.CreateLogger(SecurityLog.Category).SignInThrottled(client?.ToString() ?? "unknown", RetryAfter.Seconds(refused));
            return wait;
        }

        public async Task FailedAsync(CancellationToken ct = default)
        {
            await throttling.ForgetOldAsync(ct);
            await throttling.CountAsync(account, AccountFailures, ct);
            await throttling.CountAsync(address, AddressFailures, ct);
        }

        // A success clears this address's counter for the account; the address's own counter stays, so one
        // account that an attacker owns does not buy guesses against the others.
        public Task SucceededAsync(CancellationToken ct = default) =>
            throttling.db.SignInThrottles.Where(t => t.Key == account).ExecuteDeleteAsync(ct);
    }

    async Task<TimeSpan?> WaitAsync(string account, string address, CancellationToken ct)
    {
        var now = Now;
        var until = await db.SignInThrottles.AsNoTracking()
            .Where(t => (t.Key == account || t.Key == address) && t.NextAttemptAt > now)
            .Select(t => (DateTime?)t.NextAttemptAt).MaxAsync(ct);
        return until - now;
    }

    // The wait after the n-th failure: none before the limit, then doubling from the first wait, capped.
    public static TimeSpan WaitAfter(int failures, int limit)
    {
        if (failures < limit)
            return TimeSpan.Zero;
        var doublings = Math.Min(failures - limit, 20);
        var wait = FirstWait * Math.Pow(2, doublings);
        return wait < LongestWait ? wait : LongestWait;
    }

    // The database adds one, so two instances counting at once both count.
    async Task CountAsync(string key, int limit, CancellationToken ct)
    {
        var now = Now;
        Task<int> AddOne() => db.SignInThrottles.Where(t => t.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastFailureAt, now), ct);
        if (await AddOne() == 0)
        {
            var first = new SignInThrottle { Key = key, Failures = 1, LastFailureAt = now, NextAttemptAt = now };
            db.SignInThrottles.Add(first);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance made the row first: count on it.
                await AddOne();
            }
            // Counted by the database from here on (and, after a clash, never to be inserted again from here).
            db.Entry(first).State = EntityState.Detached;
        }
        var failures = await db.SignInThrottles.AsNoTracking().Where(t => t.Key == key).Select(t => t.Failures).SingleAsync(ct);
        var next = now + WaitAfter(failures, limit);
        if (next > now)
            await db.SignInThrottles.Where(t => t.Key == key && t.NextAttemptAt < next)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.NextAttemptAt, next), ct);
    }

    async Task ForgetOldAsync(CancellationToken ct)
    {
        var before = Now - Forgotten;
        await db.SignInThrottles.Where(t => t.LastFailureAt < before).ExecuteDeleteAsync(ct);
    }

    // The usual refusal and when to try again: said alike for every address typed, known or not.
    public static string Refusal(IStringLocalizer l, string refusal, TimeSpan wait) => $"{l[refusal]} {Sentence(l, wait)}";

    // When to try again, in words: seconds under a minute, else whole minutes, rounded up.
    public static string Sentence(IStringLocalizer l, TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(1) ? l["staff.login.wait.seconds", RetryAfter.Seconds(wait)] : l["staff.login.wait.minutes", (int)Math.Ceiling(wait.TotalMinutes)];

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    // The e-mail as Identity normalises it, hashed: the table names no address, known or not.
    static string AccountPrefix(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().Normalize().ToUpperInvariant()));
        return $"account:{Convert.ToHexStringLower(hash)}|";
    }
}
