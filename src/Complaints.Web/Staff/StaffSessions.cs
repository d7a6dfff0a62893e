using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// Every sign-in (pages, second factor, API) writes a session record and puts its random id in the cookie or token;
// SessionCheck reads the record with the member's row on each request, so a session ended from the account page,
// or by signing out, opens nothing more on any instance. Refreshing a sign-in (a new password, a bearer refresh)
// keeps its session.
public sealed class StaffSessions(AppDbContext db, TimeProvider clock, IConfiguration configuration)
{
    public const string ClaimType = "complaints:session";
    public const string ApiDevice = "API";
    // Last seen to within these few minutes: a session in use writes once in a while, not on each request.
    public static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(5);
    // Ended (or past their lifetime) sessions are purged by the daily pass after this long: they hold client addresses.
    public static readonly TimeSpan KeptAfterEnd = TimeSpan.FromDays(30);

    // A new session for this member from this request; its claim goes into the cookie or token.
    public async Task<Claim> StartAsync(StaffUser member, HttpContext http, bool api = false)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = Now;
        db.StaffSessions.Add(new StaffSession
        {
            Id = Hash(id),
            MemberId = member.Id,
            StartedAt = now,
            LastSeenAt = now,
            ClientAddress = Hosting.ClientAddress.Shown(http.Connection.RemoteIpAddress),
            Device = api ? ApiDevice : DeviceOf(http.Request.Headers.UserAgent.ToString()),
        });
        await db.SaveChangesAsync();
        return new Claim(ClaimType, id);
    }

    // The member's sessions still open, the most recently used first.
    public async Task<List<StaffSession>> OpenAsync(string memberId, CancellationToken ct = default)
    {
        var since = Now - SessionLifetime.Configured(configuration);
        return await db.StaffSessions.AsNoTracking().Where(s => s.MemberId == memberId && s.EndedAt == null && s.StartedAt > since)
            .OrderByDescending(s => s.LastSeenAt).ToListAsync(ct);
    }

    public async Task<bool> IsOpenAsync(ClaimsPrincipal principal, CancellationToken ct = default) =>
        HashOf(principal) is { } id && await db.StaffSessions.AnyAsync(s => s.Id == id && s.EndedAt == null, ct);

    // One session of the member (by the id the account page shows); answers whether it was open.
    public async Task<bool> EndAsync(string memberId, string? id, CancellationToken ct = default)
    {
        var now = Now;
        return id is not null && await db.StaffSessions.Where(s => s.MemberId == memberId && s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct) > 0;
    }

    // Every open session of the member (of every member when none is named) but the one kept, the one making the
    // change; answers how many ended. Administrators' changes end sessions through the security stamp, and here too,
    // so that the account page lists no session that no longer opens anything.
    public Task<int> EndOthersAsync(string? memberId, ClaimsPrincipal? kept, CancellationToken ct = default)
    {
        var now = Now;
        var keptId = (kept is null ? null : HashOf(kept)) ?? "";
        return db.StaffSessions.Where(s => (memberId == null || s.MemberId == memberId) && s.Id != keptId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    // From the daily pass (Privacy/PersonalDataWorker).
    public Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var endedBefore = Now - KeptAfterEnd;
        var startedBefore = endedBefore - SessionLifetime.Configured(configuration);
        return db.StaffSessions.Where(s => s.EndedAt < endedBefore || s.StartedAt < startedBefore).ExecuteDeleteAsync(ct);
    }

    // The session claim of a principal, copied into the one that refreshes it.
    public static IEnumerable<Claim> Of(ClaimsPrincipal principal) =>
        principal.FindAll(ClaimType).Select(c => new Claim(c.Type, c.Value)).Take(1);

    // The record's id for the session a principal carries.
    public static string? HashOf(ClaimsPrincipal principal) => principal.FindFirst(ClaimType)?.Value is { Length: > 0 } id ? Hash(id) : null;

    static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(id)));

    // Browser and system, enough for a person to tell their phone from their office computer; nothing more is kept.
    public static string DeviceOf(string userAgent)
    {
        bool Has(string s) => userAgent.Contains(s, StringComparison.Ordinal);
        string? browser = Has("Edg/") || Has("EdgA/") || Has("EdgiOS/") ? "Edge"
            : Has("OPR/") ? "Opera"
            : Has("Firefox/") || Has("FxiOS/") ? "Firefox"
            : Has("Chrome/") || Has("CriOS/") || Has("Chromium/") ? "Chrome"
            : Has("Safari/") ? "Safari"
            : null;
        string? system = Has("Android") ? "Android"
            : Has("iPhone") || Has("iPad") ? "iOS"
            : Has("Windows") ? "Windows"
            : Has("CrOS") ? "ChromeOS"
            : Has("Mac OS X") || Has("Macintosh") ? "macOS"
            : Has("Linux") ? "Linux"
            : null;
        return string.Join(", ", new[] { browser, system }.OfType<string>());
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;
}
