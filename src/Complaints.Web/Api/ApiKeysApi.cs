using System.ComponentModel;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// A commune's Open311 keys, for its administrators and the platform's (ApiKeys: the same rules as the page).
public static class ApiKeysApi
{
    public sealed record NewApiKey(string? Name);
    public sealed record ApiKeyItem(int Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt, bool Revoked);
    public sealed record CreatedApiKey(int Id, string Name, [property: Description("The key itself: shown this once, only its hash is kept.")] string Key);

    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder staff)
    {
        var keys = staff.MapGroup("/communes/{code}/api-keys").WithTags("Communes");

        keys.MapGet("", async (string code, HttpContext http, AppDbContext db, ApiKeys apiKeys, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (commune, refusal) = await AdministeredAsync(code, http, db, l, ct);
            if (commune is null)
                return refusal!;
            var list = await apiKeys.ListAsync(commune, ct);
            return TypedResults.Ok(list.Select(k => new ApiKeyItem(k.Id, k.Name, k.CreatedAt, k.LastUsedAt, k.Revoked)).ToList());
        }).WithName("ListApiKeys").WithSummary("The commune's Open311 keys, revoked ones included; never the keys themselves.")
          .Produces<List<ApiKeyItem>>().Refuses(403, 404);

        keys.MapPost("", async (string code, HttpContext http, AppDbContext db, ApiKeys apiKeys, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (commune, refusal) = await AdministeredAsync(code, http, db, l, ct);
            if (commune is null)
                return refusal!;
            var (body, error) = await ApiProblems.ReadAsync<NewApiKey>(http.Request, l);
            if (error is not null)
                return error;
            var (issued, nameError) = await apiKeys.IssueAsync(StaffScope.From(http.User)!, commune, body!.Name, ct);
            if (issued is null)
                return ApiProblems.Invalid(l, new Dictionary<string, string> { ["name"] = nameError! });
            return TypedResults.Created($"/api/v1/communes/{commune.Code}/api-keys/{issued.Id}", new CreatedApiKey(issued.Id, issued.Name, issued.Key));
        }).WithName("CreateApiKey").WithSummary("Issues an Open311 key that files only in this commune; the answer is the only time the key is shown.")
          .Reads<NewApiKey>().Produces<CreatedApiKey>(StatusCodes.Status201Created).Refuses(400, 403, 404);

        keys.MapDelete("/{id:int}", async (string code, int id, HttpContext http, AppDbContext db, ApiKeys apiKeys, IStringLocalizer<SharedResource> l,
            CancellationToken ct) =>
        {
            var (commune, refusal) = await AdministeredAsync(code, http, db, l, ct);
            if (commune is null)
                return refusal!;
            return await apiKeys.RevokeAsync(StaffScope.From(http.User)!, commune, id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound(l);
        }).WithName("RevokeApiKey").WithSummary("Revokes the key at once: the next Open311 filing with it answers 403.")
          .Produces(StatusCodes.Status204NoContent).Refuses(403, 404);

        return staff;
    }

    // Another commune (or none of that code) is 404, as for every commune route; the caller's own commune but not
    // an administrator is 403.
    static async Task<(Domain.Commune? Commune, IResult? Refusal)> AdministeredAsync(string code, HttpContext http, AppDbContext db,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
        if (commune is null)
            return (null, ApiProblems.NotFound(l));
        return StaffScope.From(http.User)!.ManagesUsers ? (commune, null) : (null, ApiProblems.Forbidden(l));
    }
}
