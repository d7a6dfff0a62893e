using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Privacy;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff.Admin;

// The citizens' requests about their personal data (loi 09-08), for the commune's administrators: each is answered
// within its own deadline, through the outbox, in the citizen's language; a correction changes the contact details,
// an erasure anonymises the complaint at once. Every step is in the audit log.
[Authorize(Roles = $"{Roles.PlatformAdmin},{Roles.CommuneAdmin}")]
public class RightsModel(AppDbContext db, AuditLog audit, Notifier notifier, PersonalDataRetention retention, TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    const string AnsweredKey = "rights.answered";

    public StaffScope Scope { get; private set; } = null!;
    public List<Commune> Communes { get; private set; } = [];
    public Commune? Commune { get; private set; }
    public List<RightsRequest> Open { get; private set; } = [];
    public List<RightsRequest> Answered { get; private set; } = [];
    public DateOnly Today => LegalDeadlines.Today(clock);
    public bool Done { get; private set; }
    // The request whose answer form came back with errors.
    public long? Editing { get; private set; }

    [BindProperty]
    public RightsAnswer Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct))
            return Forbid();
        Done = TempData[AnsweredKey] is true;
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, string? commune, CancellationToken ct)
    {
        if (!await LoadAsync(commune, ct) || Commune is null)
            return Forbid();
        var request = await db.RightsRequests.Include(r => r.Complaint!).ThenInclude(c => c.Commune)
            .SingleOrDefaultAsync(r => r.Id == id && r.CommuneId == Commune.Id, ct);
        if (request is null)
        {
            await ReachRefusals.LogIfElsewhereAsync(HttpContext, Scope, "rights request", id, d => d.RightsRequests.Where(r => r.Id == id), ct);
            return NotFound();
        }
        if (request.Status != RightsStatus.Open)
            return Redirect(Link());
        var complaint = request.Complaint!;
        var answer = Input.Answer?.Trim() ?? "";
        if (answer.Length == 0)
            ModelState.AddModelError("Input.Answer", l["error.text.required"]);
        else if (answer.Length > Limits.DescriptionMax)
            ModelState.AddModelError("Input.Answer", l["error.text.long"]);
        var corrected = new Complainant
        {
            FirstName = Clean(Input.FirstName), LastName = Clean(Input.LastName), Email = Clean(Input.Email), Phone = Clean(Input.Phone),
        };
        if (request.Kind == RightsKind.Correct)
        {
            if (corrected.Email is { } email && !FilingValidation.IsEmail(email))
                ModelState.AddModelError("Input.Email", l["error.email.invalid"]);
            if (corrected.Phone is { } phone && !FilingValidation.IsPhone(phone))
                ModelState.AddModelError("Input.Phone", l["error.phone.invalid"]);
        }
        if (!ModelState.IsValid)
        {
            Editing = id;
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.Kind == RightsKind.Correct)
        {
            var changed = ContactFields.Changed(complaint.Complainant, corrected);
            if (changed.Count > 0)
            {
                complaint.CorrectContact(corrected, Scope.Email, now);
                // Which fields, never their values: the log must not become another copy of the data.
                audit.Record(Scope, AuditActions.ContactCorrected, complaint.CommuneId, complaint.Id, string.Join(", ", changed));
            }
        }
        request.Status = RightsStatus.Answered;
        request.Answer = answer;
        request.AnsweredAt = now;
        request.AnsweredBy = Scope.Email;
        audit.Record(Scope, AuditActions.RightsAnswered, complaint.CommuneId, complaint.Id,
            $"{request.Kind.ToString().ToLowerInvariant()}{(request.Kind == RightsKind.Erase && Input.Erase ? " erased" : "")}");
        // Written to the address the citizen asked for, the corrected one if it changed.
        await notifier.CitizenAsync(complaint, NotificationEvent.RightsAnswered, answer, ct);
        await db.SaveChangesAsync(ct);
        if (request.Kind == RightsKind.Erase && Input.Erase)
            await retention.AnonymizeNowAsync(complaint.Id, ct);
        TempData[AnsweredKey] = true;
        return Redirect(Link());
    }

    public string Link() => "/staff/admin/rights" + (Scope.IsPlatformAdmin && Commune is not null ? $"?commune={Uri.EscapeDataString(Commune.Code)}" : "");

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();


    async Task<bool> LoadAsync(string? code, CancellationToken ct)
    {
        Scope = StaffScope.From(User)!;
        if (await AdministeredCommune.ResolveAsync(db, Scope, code, HttpContext, ct) is not { } administered)
            return false;
        (Communes, Commune) = (administered.Communes, administered.Commune);
        if (Commune is null)
            return true;
        var requests = await db.RightsRequests.AsNoTracking().Include(r => r.Complaint)
            .Where(r => r.CommuneId == Commune.Id).OrderBy(r => r.DueOn).ThenBy(r => r.Id).Take(200).ToListAsync(ct);
        Open = [.. requests.Where(r => r.Status == RightsStatus.Open)];
        Answered = [.. requests.Where(r => r.Status == RightsStatus.Answered).OrderByDescending(r => r.AnsweredAt).Take(50)];
        // Reading who asked is reading their personal data: logged once per complaint shown.
        foreach (var complaintId in Open.Select(r => r.ComplaintId).Distinct())
            audit.Record(Scope, AuditActions.ReadPersonalData, Commune.Id, complaintId, "rights");
        if (Open.Count > 0)
            await db.SaveChangesAsync(ct);
        return true;
    }
}

public sealed class RightsAnswer
{
    public string? Answer { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    // An erasure is carried out only when the administrator says so; otherwise the answer says why not.
    public bool Erase { get; set; }
}
