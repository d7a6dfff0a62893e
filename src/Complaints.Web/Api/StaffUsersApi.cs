using System.ComponentModel;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// The members of staff of a commune: listed, added and changed by their administrators (CONTRACT 6b).
public static class StaffUsersApi
{
    public sealed record StaffUserItem(string Id, string Email, string Role,
        [property: Description("The service's code, for a service agent.")] string? Service, bool Active);

    public sealed record StaffUserChange(string? Role = null,
        [property: Description("The service's code; a service agent needs one.")] string? Service = null,
        [property: Description("false ends every session and bearer token of that member at once.")] bool? Active = null);

    public sealed record NewUser(string? Email,
        [property: Description("Without one, an invitation mail with a single-use link lets the person choose it.")] string? Password,
        string? Role, string? Service = null, string? DisplayName = null);
    public sealed record CreatedUser(string Id, string? Email, string? Role, string Commune, string? Service);

    public static RouteGroupBuilder MapStaffUsersApi(this RouteGroupBuilder staff)
    {
        staff.MapGet("/communes/{code}/users", async (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var scope = StaffScope.From(http.User)!;
            var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
                return ApiProblems.NotFound(l);
            if (!scope.ManagesUsers)
                return ApiProblems.Forbidden(l);
            var members = await (from u in db.Users
                                 where u.CommuneId == commune.Id
                                 orderby u.Email
                                 select new
                                 {
                                     u.Id, u.Email, u.DeactivatedAt,
                                     Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                                     Service = (from s in db.Services where s.Id == u.ServiceId select s.Code).FirstOrDefault(),
                                 }).ToListAsync(ct);
            return TypedResults.Ok(members.Select(m => new StaffUserItem(m.Id, m.Email ?? "", m.Role ?? "", m.Service, m.DeactivatedAt is null)).ToList());
        }).WithTags("Communes").WithName("ListUsers").WithSummary("The members of staff of the commune, for its administrators.")
          .Produces<List<StaffUserItem>>().Refuses(403, 404);

        staff.MapPost("/communes/{code}/users", async (string code, HttpContext http, AppDbContext db, UserManager<StaffUser> users, StaffMail mail, AuditLog audit,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
                return ApiProblems.NotFound(l);
            var scope = StaffScope.From(http.User)!;
            if (!scope.ManagesUsers)
                return ApiProblems.Forbidden(l);
            var (body, error) = await ApiProblems.ReadAsync<NewUser>(http.Request, l);
            if (error is not null)
                return error;
            var (user, errors) = await StaffAccounts.CreateAsync(db, users, mail, commune, body!.Email, body.Password, body.Role, body.Service, body.DisplayName, ct);
            if (user is null)
                return ApiProblems.Invalid(l, errors);
            await audit.RecordNowAsync(scope, AuditActions.UserCreated, commune.Id, details: $"{user.Email} {body.Role}");
            return TypedResults.Created($"/api/v1/communes/{commune.Code}/users/{user.Id}",
                new CreatedUser(user.Id, user.Email, body.Role, commune.Code, body.Service));
        }).WithTags("Communes").WithName("CreateUser").WithSummary("A platform or commune administrator adds a member of staff to the commune.")
          .Reads<NewUser>().Produces<CreatedUser>(StatusCodes.Status201Created).Refuses(400, 403, 404);

        staff.MapPatch("/users/{id}", async (string id, HttpContext http, StaffChanges changes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var scope = StaffScope.From(http.User)!;
            if (!scope.ManagesUsers)
                return ApiProblems.Forbidden(l);
            var (body, error) = await ApiProblems.ReadAsync<StaffUserChange>(http.Request, l);
            if (error is not null)
                return error;
            var result = await changes.ChangeAsync(scope, id, body!.Role, body.Service, body.Active, ct);
            return result.Outcome switch
            {
                StaffChangeOutcome.NotFound => ApiProblems.NotFound(l),
                StaffChangeOutcome.Forbidden => ApiProblems.Forbidden(l),
                StaffChangeOutcome.Invalid => ApiProblems.Invalid(l, result.Errors!),
                _ => TypedResults.Ok(await ItemAsync(changes, result.User!, ct)),
            };
        }).WithTags("Users").WithName("ChangeUser")
          .WithSummary("An administrator changes a member's role or service, or deactivates them: their sessions and tokens end at once.")
          .Reads<StaffUserChange>().Produces<StaffUserItem>().Refuses(400, 403, 404);

        staff.MapPost("/users/{id}/sessions/end", async (string id, HttpContext http, StaffChanges changes, IStringLocalizer<SharedResource> l) =>
        {
            var result = await changes.EndSessionsAsync(StaffScope.From(http.User)!, id);
            return result.Outcome switch
            {
                StaffChangeOutcome.NotFound => ApiProblems.NotFound(l),
                StaffChangeOutcome.Forbidden => ApiProblems.Forbidden(l),
                StaffChangeOutcome.Invalid => ApiProblems.Invalid(l, result.Errors!),
                _ => TypedResults.NoContent(),
            };
        }).WithTags("Users").WithName("EndUserSessions")
          .WithSummary("An administrator signs a member out everywhere: their sessions and bearer tokens end at their next request.")
          .Produces(StatusCodes.Status204NoContent).Refuses(400, 403, 404);

        staff.MapPost("/sessions/end-all", async (HttpContext http, StaffChanges changes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await changes.EndAllSessionsAsync(StaffScope.From(http.User)!, null, ct) is null ? ApiProblems.Forbidden(l) : TypedResults.NoContent())
          .WithTags("Users").WithName("EndAllSessions")
          .WithSummary("The platform administrator signs every member of staff out, of every commune; the token of this request ends too.")
          .Produces(StatusCodes.Status204NoContent).Refuses(403);

        return staff;
    }

    static async Task<StaffUserItem> ItemAsync(StaffChanges changes, StaffUser user, CancellationToken ct) =>
        new(user.Id, user.Email ?? "", await changes.RoleOfAsync(user) ?? "", await changes.ServiceCodeAsync(user.ServiceId, ct), user.Active);
}
