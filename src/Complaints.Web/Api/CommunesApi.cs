using System.ComponentModel;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// A commune's staff, for its administrators (its services, categories and districts: OrganisationApi).
public static class CommunesApi
{
    public sealed record NewUser(string? Email,
        [property: Description("Without one, an invitation mail with a single-use link lets the person choose it.")] string? Password,
        string? Role, string? Service = null, string? DisplayName = null);
    public sealed record CreatedUser(string Id, string? Email, string? Role, string Commune, string? Service);

    public static RouteGroupBuilder MapCommunesApi(this RouteGroupBuilder staff)
    {
        var communes = staff.MapGroup("/communes/{code}").WithTags("Communes");

        communes.MapPost("/users", async (string code, HttpContext http, AppDbContext db, UserManager<StaffUser> users, AuditLog audit,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var commune = await VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
                return ApiProblems.NotFound(l);
            var scope = StaffScope.From(http.User)!;
            if (!scope.ManagesUsers)
                return ApiProblems.Forbidden(l);
            var (body, error) = await ApiProblems.ReadAsync<NewUser>(http.Request, l);
            if (error is not null)
                return error;
            var (user, errors) = await StaffAccounts.CreateAsync(db, users, commune, body!.Email, body.Password, body.Role, body.Service, body.DisplayName, ct);
            if (user is null)
                return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.Select(m => (string)l[m]).ToArray()), title: l["api.invalid.title"]);
            await audit.RecordNowAsync(scope, AuditActions.UserCreated, commune.Id, details: $"{user.Email} {body.Role}");
            return TypedResults.Created($"/api/v1/communes/{commune.Code}/users/{user.Id}",
                new CreatedUser(user.Id, user.Email, body.Role, commune.Code, body.Service));
        }).WithName("CreateUser").WithSummary("A platform or commune administrator adds a member of staff to the commune.")
          .Reads<NewUser>().Produces<CreatedUser>(StatusCodes.Status201Created).Refuses(400, 403, 404);

        return staff;
    }

    // A commune the caller may see, else none: another commune answers like one that does not exist.
    internal static async Task<Domain.Commune?> VisibleCommuneAsync(string code, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        return commune is not null && StaffScope.From(http.User)!.SeesCommune(commune.Id) ? commune : null;
    }
}
