using System.ComponentModel;
using Complaints.Web.Api;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Audit;

// GET /api/v1/audit: the audit reader of /staff/admin/audit, with the same filters and the same reach.
public static class AuditApi
{
    public sealed record AuditItem(
        long Id, DateTime At,
        [property: Description("The e-mail of the member of staff, or system, citizen.")] string Actor,
        [property: Description("login, read-personal-data, move:assign, api-key-issued...")] string Action,
        [property: Description("The commune's code.")] string? Commune,
        [property: Description("The complaint's reference.")] string? Complaint,
        string? Details);

    public sealed record AuditList(IReadOnlyList<AuditItem> Items, int Total, int Page, int PageSize);

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder staff)
    {
        staff.MapGet("/audit", async (HttpContext http, AppDbContext db, AuditReader reader, IStringLocalizer<SharedResource> l, CancellationToken ct,
            string? commune, string? user, string? action, string? complaint, string? from, string? to, string? page) =>
        {
            var scope = StaffScope.From(http.User)!;
            if (!scope.ManagesUsers)
                return ApiProblems.Forbidden(l);
            // A commune administrator reads their own commune whether or not they name it; any other is out of reach.
            var administered = await AdministeredCommune.ResolveAsync(db, scope, string.IsNullOrWhiteSpace(commune) ? null : commune.Trim(), http, ct);
            if (administered is null)
                return ApiProblems.NotFound(l);
            var pageNumber = 1;
            if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, out pageNumber) || pageNumber < 1))
                return ApiProblems.Invalid(l, new Dictionary<string, string> { ["page"] = "error.page.invalid" });
            var (query, errors) = await reader.QueryAsync(scope, administered.Commune, new AuditFilter(user, action, complaint, from, to), ct);
            if (query is null)
                return ApiProblems.Invalid(l, errors);
            var result = await reader.PageAsync(query, pageNumber, ct);
            return TypedResults.Ok(new AuditList(
                [.. result.Rows.Select(r => new AuditItem(r.Id, r.At, r.Actor, r.Action, r.CommuneCode, r.Reference, r.Details))],
                result.Total, result.Page, result.PageSize));
        }).WithTags("Audit").WithName("ListAuditEntries")
          .WithSummary("Who did what and who read whose personal data, newest first, 50 a page: by commune (platform administrators), "
              + "user (an e-mail), action, complaint (a reference) and from/to (yyyy-MM-dd, both included).")
          .Produces<AuditList>().Refuses(400, 403, 404);
        return staff;
    }
}
