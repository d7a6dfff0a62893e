using System.ComponentModel;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// A commune's services, categories and users, for the staff of that commune.
public static class CommunesApi
{
    public sealed record NewUser(string? Email, string? Password, string? Role, string? Service = null, string? DisplayName = null);
    public sealed record ServiceItem(string Code, string Name);
    public sealed record CategoryItem(string Code, string Name, [property: Description("The service it is routed to by default.")] string Service);
    public sealed record CreatedUser(string Id, string? Email, string? Role, string Commune, string? Service);

    public static RouteGroupBuilder MapCommunesApi(this RouteGroupBuilder staff)
    {
        var communes = staff.MapGroup("/communes/{code}").WithTags("Communes");

        communes.MapGet("/services", async (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var commune = await VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
                return ApiProblems.NotFound(l);
            var lang = Localization.Current;
            var services = await db.Services.AsNoTracking().Where(s => s.CommuneId == commune.Id).OrderBy(s => s.Code).ToListAsync(ct);
            return TypedResults.Ok(services.Select(s => new ServiceItem(s.Code, s.Name.In(lang))).ToList());
        }).WithName("ListServices").WithSummary("The commune's municipal services.")
          .Produces<List<ServiceItem>>().Refuses(404);

        communes.MapGet("/categories", async (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var commune = await VisibleCommuneAsync(code, http, db, ct);
            if (commune is null)
                return ApiProblems.NotFound(l);
            var lang = Localization.Current;
            var categories = await db.Categories.AsNoTracking().Include(c => c.DefaultService)
                .Where(c => c.CommuneId == commune.Id).OrderBy(c => c.SortOrder).ToListAsync(ct);
            return TypedResults.Ok(categories.Select(c => new CategoryItem(c.Code, c.Name.In(lang), c.DefaultService!.Code)).ToList());
        }).WithName("ListCategories").WithSummary("The commune's categories and the service each is routed to by default.")
          .Produces<List<CategoryItem>>().Refuses(404);

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

    internal static async Task<Domain.Commune?> VisibleCommuneAsync(string code, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var commune = await db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        return commune is not null && StaffScope.From(http.User)!.SeesCommune(commune.Id) ? commune : null;
    }
}
