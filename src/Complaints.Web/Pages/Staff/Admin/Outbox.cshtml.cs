using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Pages.Staff.Admin;

// What the platform sent, or could not send, to citizens and staff: messages whose channel has no
// transport wait here to be read. A commune administrator only ever sees their commune's messages.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class OutboxModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;
    const string ResentKey = "outbox.resent";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Filter Query { get; private set; } = new(null, null, null, 1);
    public List<OutboxMessage> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Resent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, string? @event, string? commune, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        if (!await LoadAsync(status, @event, commune, page, ct))
            return Forbid();
        Resent = TempData[ResentKey] as string;
        return Page();
    }

    // A copy goes back to the queue: a new row, so the original keeps its history and the copy gets
    // its own Message-Id (a mail system would drop a second message with the same one as a duplicate).
    public async Task<IActionResult> OnPostResendAsync(long id, string? status, string? @event, string? commune, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        var scope = StaffScope.From(User);
        if (scope is not { ManagesUsers: true })
            return Forbid();
        var original = await Visible(scope).AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (original is null)
        {
            await ReachRefusals.LogIfElsewhereAsync(HttpContext, scope, "message", id, d => d.OutboxMessages.Where(m => m.Id == id), ct);
            return NotFound();
        }
        Scope = scope;
        Query = new(status, @event, commune, page);
        // Still waiting: the queue already holds it.
        if (original.Status == OutboxStatus.Pending)
            return Redirect(Link());
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new OutboxMessage
        {
            CommuneId = original.CommuneId, ComplaintId = original.ComplaintId, Channel = original.Channel, Event = original.Event,
            Recipient = original.Recipient, Language = original.Language, Subject = original.Subject, Body = original.Body,
            CreatedAt = now, NextAttemptAt = now, Status = OutboxStatus.Pending,
        };
        db.OutboxMessages.Add(copy);
        await db.SaveChangesAsync(ct);
        await audit.RecordNowAsync(scope, AuditActions.OutboxResent, original.CommuneId, original.ComplaintId, $"{original.Id} -> {copy.Id}");
        TempData[ResentKey] = $"{original.Id} {copy.Id}";
        return Redirect(Link());
    }

    // The list as it is filtered now, on another page or for a handler.
    public string Link(int? page = null, string? handler = null) =>
        "/staff/admin/outbox" + QueryString.Create(new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["status"] = Query.Status,
            ["event"] = Query.Event,
            ["commune"] = Query.Commune,
            ["page"] = (page ?? Query.Page) is var p and > 1 ? p.ToString() : null,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    IQueryable<OutboxMessage> Visible(StaffScope scope) =>
        scope.IsPlatformAdmin ? db.OutboxMessages : db.OutboxMessages.Where(m => m.CommuneId == scope.CommuneId);

    async Task<bool> LoadAsync(string? status, string? @event, string? commune, int page, CancellationToken ct)
    {
        var scope = StaffScope.From(User);
        if (scope is not { ManagesUsers: true })
            return false;
        Scope = scope;
        Communes = await db.Communes.AsNoTracking().Where(c => scope.IsPlatformAdmin || c.Id == scope.CommuneId).OrderBy(c => c.NameFr).ToListAsync(ct);
        var chosen = scope.IsPlatformAdmin ? Communes.FirstOrDefault(c => c.Code == commune) : null;
        // Only a platform administrator picks a commune; anyone else asking for one is refused.
        if (!string.IsNullOrEmpty(commune) && chosen is null && (scope.IsPlatformAdmin || Communes.SingleOrDefault()?.Code != commune))
            return false;
        var statusFilter = Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var s) ? s : (OutboxStatus?)null;
        var eventFilter = Enum.TryParse<NotificationEvent>(@event, ignoreCase: true, out var e) ? e : (NotificationEvent?)null;
        Query = new(statusFilter?.ToString().ToLowerInvariant(), eventFilter?.ToString().ToLowerInvariant(), chosen?.Code, Math.Max(1, page));

        var messages = Visible(scope);
        if (chosen is not null)
            messages = messages.Where(m => m.CommuneId == chosen.Id);
        if (statusFilter is { } st)
            messages = messages.Where(m => m.Status == st);
        if (eventFilter is { } ev)
            messages = messages.Where(m => m.Event == ev);
        Total = await messages.CountAsync(ct);
        Query = Query with { Page = Math.Min(Query.Page, Pages) };
        Rows = await messages.AsNoTracking().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((Query.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        // Loi 09-08: recipients are personal data; who was shown which, per complaint, is written down.
        foreach (var group in Rows.GroupBy(m => (m.CommuneId, m.ComplaintId)))
            audit.Record(scope, AuditActions.ReadPersonalData, group.Key.CommuneId, group.Key.ComplaintId,
                "outbox " + string.Join(',', group.Select(m => m.Id)));
        if (Rows.Count > 0)
            await db.SaveChangesAsync(ct);
        return true;
    }

    public string CommuneName(int? id, string lang) =>
        id is { } c && Communes.FirstOrDefault(x => x.Id == c) is { } commune ? commune.Name.In(lang) : "";

    public sealed record Filter(string? Status, string? Event, string? Commune, int Page);
}
