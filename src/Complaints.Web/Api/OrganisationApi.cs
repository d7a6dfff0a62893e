using System.ComponentModel;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Organisation;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// A commune's services, categories and districts: read by all its staff, added and changed by its administrators
// through OrganisationItems, as the administration pages do (CONTRACT 6b).
public static class OrganisationApi
{
    const string ActiveHelp = "false: no longer offered for filing or routing; complaints keep it.";

    public sealed record ServiceItem(string Code, [property: Description("In the caller's language.")] string Name, string NameFr, string NameAr,
        [property: Description(ActiveHelp)] bool Active, int SortOrder);
    public sealed record CategoryItem(string Code, [property: Description("In the caller's language.")] string Name,
        [property: Description("The service it is routed to by default.")] string Service, string NameFr, string NameAr,
        string? DescriptionFr, string? DescriptionAr, [property: Description(ActiveHelp)] bool Active, int SortOrder);
    public sealed record DistrictItem(string Code, [property: Description("In the caller's language.")] string Name, string NameFr, string NameAr,
        [property: Description(ActiveHelp)] bool Active, int SortOrder);

    // A creation needs code and both names; a change gives only what changes, and never a new code.
    public sealed record ItemBody(string? Code = null, string? NameFr = null, string? NameAr = null,
        [property: Description("true by default")] bool? Active = null,
        [property: Description("Place in the lists; by default a new item comes last.")] int? SortOrder = null);
    public sealed record CategoryBody(string? Code = null, string? NameFr = null, string? NameAr = null,
        [property: Description("The default service's code: an active service of the commune.")] string? Service = null,
        string? DescriptionFr = null, string? DescriptionAr = null,
        [property: Description("true by default")] bool? Active = null,
        [property: Description("Place in the lists; by default a new item comes last.")] int? SortOrder = null);

    public static RouteGroupBuilder MapOrganisationApi(this RouteGroupBuilder staff)
    {
        var communes = staff.MapGroup("/communes/{code}").WithTags("Communes");

        communes.MapGet("/services", (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ListAsync(code, http, db, l, db.Services, ct))
            .WithName("ListServices").WithSummary("The commune's municipal services, in their order; inactive ones say so.")
            .Produces<List<ServiceItem>>().Refuses(404);
        communes.MapGet("/categories", (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ListAsync(code, http, db, l, db.Categories.Include(c => c.DefaultService), ct))
            .WithName("ListCategories").WithSummary("The commune's categories, in their order, and the service each is routed to by default.")
            .Produces<List<CategoryItem>>().Refuses(404);
        communes.MapGet("/districts", (string code, HttpContext http, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ListAsync(code, http, db, l, db.Districts, ct))
            .WithName("ListDistricts").WithSummary("The commune's districts, in their order.")
            .Produces<List<DistrictItem>>().Refuses(404);

        communes.MapPost("/services", (string code, HttpContext http, AppDbContext db, OrganisationItems items, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<ItemBody>(code, null, ItemKind.Service, Values, http, db, items, l, ct))
            .WithName("CreateService").WithSummary("An administrator adds a service to the commune.")
            .Reads<ItemBody>().Produces<ServiceItem>(StatusCodes.Status201Created).Refuses(400, 403, 404).Duplicates();
        communes.MapPatch("/services/{service}", (string code, string service, HttpContext http, AppDbContext db, OrganisationItems items,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<ItemBody>(code, service, ItemKind.Service, Values, http, db, items, l, ct))
            .WithName("UpdateService").WithSummary("An administrator renames, reorders, deactivates or reactivates a service.")
            .Reads<ItemBody>().Produces<ServiceItem>().Refuses(400, 403, 404);

        communes.MapPost("/categories", (string code, HttpContext http, AppDbContext db, OrganisationItems items, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<CategoryBody>(code, null, ItemKind.Category, Values, http, db, items, l, ct))
            .WithName("CreateCategory").WithSummary("An administrator adds a category, routed by default to one of the commune's services.")
            .Reads<CategoryBody>().Produces<CategoryItem>(StatusCodes.Status201Created).Refuses(400, 403, 404).Duplicates();
        communes.MapPatch("/categories/{category}", (string code, string category, HttpContext http, AppDbContext db, OrganisationItems items,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<CategoryBody>(code, category, ItemKind.Category, Values, http, db, items, l, ct))
            .WithName("UpdateCategory").WithSummary("An administrator changes a category's names, descriptions, default service, order or state.")
            .Reads<CategoryBody>().Produces<CategoryItem>().Refuses(400, 403, 404);

        communes.MapPost("/districts", (string code, HttpContext http, AppDbContext db, OrganisationItems items, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<ItemBody>(code, null, ItemKind.District, Values, http, db, items, l, ct))
            .WithName("CreateDistrict").WithSummary("An administrator adds a district to the commune.")
            .Reads<ItemBody>().Produces<DistrictItem>(StatusCodes.Status201Created).Refuses(400, 403, 404).Duplicates();
        communes.MapPatch("/districts/{district}", (string code, string district, HttpContext http, AppDbContext db, OrganisationItems items,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            WriteAsync<ItemBody>(code, district, ItemKind.District, Values, http, db, items, l, ct))
            .WithName("UpdateDistrict").WithSummary("An administrator renames, reorders, deactivates or reactivates a district.")
            .Reads<ItemBody>().Produces<DistrictItem>().Refuses(400, 403, 404);

        return staff;
    }

    static ItemValues Values(ItemBody b) => new(b.Code, b.NameFr, b.NameAr, b.Active, b.SortOrder);

    static ItemValues Values(CategoryBody b) => new(b.Code, b.NameFr, b.NameAr, b.Active, b.SortOrder, b.DescriptionFr, b.DescriptionAr, b.Service);

    // Inactive items are listed too: complaints still name them, and a client may show or filter them.
    static async Task<IResult> ListAsync<T>(string code, HttpContext http, AppDbContext db, IStringLocalizer l, IQueryable<T> items, CancellationToken ct)
        where T : CommuneItem
    {
        var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
        if (commune is null)
            return ApiProblems.NotFound(l);
        var lang = Localization.Current;
        var list = await items.AsNoTracking().Where(i => i.CommuneId == commune.Id).ToListAsync(ct);
        return TypedResults.Ok(list.InOrder(lang).Select(i => View(i, lang)).ToList());
    }

    static async Task<IResult> WriteAsync<TBody>(string code, string? item, ItemKind kind, Func<TBody, ItemValues> values,
        HttpContext http, AppDbContext db, OrganisationItems items, IStringLocalizer l, CancellationToken ct) where TBody : class
    {
        var commune = await CommunesApi.VisibleCommuneAsync(code, http, db, ct);
        if (commune is null)
            return ApiProblems.NotFound(l);
        var scope = StaffScope.From(http.User)!;
        if (!scope.ManagesUsers)
            return ApiProblems.Forbidden(l);
        var (body, error) = await ApiProblems.ReadAsync<TBody>(http.Request, l);
        if (error is not null)
            return error;
        var result = item is null
            ? await items.CreateAsync(scope, commune, kind, values(body!), ct)
            : await items.UpdateAsync(scope, commune, kind, item, values(body!), ct);
        var lang = Localization.Current;
        return result switch
        {
            ItemResult.Done d when item is null =>
                TypedResults.Created($"/api/v1/communes/{commune.Code}/{kind.Plural()}/{d.Item.Code}", View(d.Item, lang)),
            ItemResult.Done d => TypedResults.Ok(View(d.Item, lang)),
            ItemResult.Invalid v => ApiProblems.Invalid(l, v.Errors),
            ItemResult.Duplicate => ApiProblems.Duplicate(l, ItemResult.CodeTaken),
            _ => ApiProblems.NotFound(l),
        };
    }

    static object View(CommuneItem item, string lang) => item switch
    {
        Category c => new CategoryItem(c.Code, c.Name.In(lang), c.DefaultService!.Code, c.NameFr, c.NameAr, c.DescriptionFr, c.DescriptionAr, c.Active, c.SortOrder),
        Service s => new ServiceItem(s.Code, s.Name.In(lang), s.NameFr, s.NameAr, s.Active, s.SortOrder),
        _ => new DistrictItem(item.Code, item.Name.In(lang), item.NameFr, item.NameAr, item.Active, item.SortOrder),
    };
}
