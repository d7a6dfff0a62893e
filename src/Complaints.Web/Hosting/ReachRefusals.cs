using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Hosting;

// An item of another commune (or, for a service agent, of another service) answers like one that does not exist, so
// nothing leaks; but asking for it is a probe the operator should see (ASVS 16.3.2). Called only where a scoped lookup
// found nothing: one query tells "does not exist" from "exists out of reach", and the latter is written to the security
// log with the member, their commune, the path, the kind of item and its key — never the complaint's personal data.
public static class ReachRefusals
{
    const string Logged = "Complaints.OutOfReach";

    public static Task ComplaintAsync(HttpContext? http, StaffScope scope, string reference, CancellationToken ct)
    {
        var normalized = ComplaintReference.Normalize(reference);
        return LogIfElsewhereAsync(http, scope, "complaint", normalized, db => db.Complaints.Where(c => c.Reference == normalized), ct);
    }

    // A file of a complaint the member may not read; another complaint's file they may read is no probe.
    public static Task AttachmentAsync(HttpContext? http, StaffScope scope, long id, CancellationToken ct) =>
        LogIfElsewhereAsync(http, scope, "attachment", id, db => db.Attachments.Where(a => a.Id == id && !scope.Visible(db.Complaints).Any(c => c.Id == a.ComplaintId)), ct);

    public static Task CommuneAsync(HttpContext? http, StaffScope scope, string? code, CancellationToken ct) =>
        code is null ? Task.CompletedTask : LogIfElsewhereAsync(http, scope, "commune", code, db => db.Communes.Where(c => c.Code == code), ct);

    public static Task UserAsync(HttpContext? http, StaffScope scope, string? id, CancellationToken ct) =>
        id is null ? Task.CompletedTask : LogIfElsewhereAsync(http, scope, "user", id, db => db.Users.Where(u => u.Id == id), ct);

    // Any other item a scoped lookup missed: the query finds it wherever it is.
    public static async Task LogIfElsewhereAsync<T>(HttpContext? http, StaffScope scope, string kind, object key,
        Func<AppDbContext, IQueryable<T>> anywhere, CancellationToken ct)
    {
        // Outside a request (a scheduled job) nobody probes; one line per request, however many lookups missed.
        if (http is null || http.Items.ContainsKey(Logged) || scope.IsPlatformAdmin)
            return;
        if (!await anywhere(http.RequestServices.GetRequiredService<AppDbContext>()).AnyAsync(ct))
            return;
        http.Items[Logged] = true;
        SecurityLog.For(http).OutOfReach(http.Request.Method, http.Request.Path.Value ?? "/", scope.UserId,
            scope.CommuneId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", kind, Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? "", SecurityLog.Client(http));
    }

    // The refusal already written as a probe is not written again when the page answers it with a denial.
    public static bool AlreadyLogged(HttpContext http) => http.Items.ContainsKey(Logged);
}
