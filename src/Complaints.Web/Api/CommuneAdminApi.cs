using System.ComponentModel;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// The communes themselves (CONTRACT section 6b): listed to every member of staff, created by the platform
// administrator, their settings changed by it or, for their own commune, by a commune administrator.
public static class CommuneAdminApi
{
    public sealed record CommuneSummary(string Code, string NameFr, string NameAr, string ReferencePrefix, bool Active);

    public sealed record CommuneSettings(
        string Code, string NameFr, string NameAr, string ReferencePrefix, bool Active,
        string? ContactEmail, string? HostName, int PersonalDataRetentionMonths);

    public sealed record NewCommune(
        [property: Description("Lower-case letters and digits joined by hyphens; the commune's URL and Open311 jurisdiction_id.")] string? Code,
        string? NameFr,
        string? NameAr,
        [property: Description("2 to 8 upper-case letters that start every reference, unique on the platform.")] string? ReferencePrefix,
        [property: Description("The Reply-To of the commune's mail.")] string? ContactEmail = null,
        [property: Description("\"standard\" copies the standard services, categories, districts and answers; \"empty\" (the default) starts with none.")] string? Template = null);

    public sealed record CommunePatch(
        string? NameFr = null,
        string? NameAr = null,
        [property: Description("An empty string removes it.")] string? ContactEmail = null,
        [property: Description("Platform administrator only: an inactive commune takes no filing and keeps its complaints and figures.")] bool? Active = null,
        int? PersonalDataRetentionMonths = null,
        [property: Description("Platform administrator only: the host name under which / is the commune's own home; an empty string removes it.")] string? HostName = null);

    public static RouteGroupBuilder MapCommuneAdminApi(this RouteGroupBuilder staff)
    {
        var communes = staff.MapGroup("/communes").WithTags("Communes");

        communes.MapGet("", async (HttpContext http, CommuneAdministration admin, CancellationToken ct) =>
            TypedResults.Ok((await admin.VisibleAsync(Scope(http), ct)).Select(c => new CommuneSummary(c.Code, c.NameFr, c.NameAr, c.ReferencePrefix, c.Active)).ToList()))
            .WithName("ListCommunes").WithSummary("The communes the caller may see: every one for the platform administrator, their own for others.")
            .Produces<List<CommuneSummary>>();

        communes.MapPost("", async (HttpContext http, CommuneAdministration admin, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!Scope(http).IsPlatformAdmin)
                return ApiProblems.Forbidden(l);
            var (body, error) = await ApiProblems.ReadAsync<NewCommune>(http.Request, l);
            if (error is not null)
                return error;
            var draft = new CommuneDraft(body!.Code, body.NameFr, body.NameAr, body.ReferencePrefix, body.ContactEmail, body.Template);
            return Answer(await admin.CreateAsync(Scope(http), draft, ct), l, c => TypedResults.Created($"/api/v1/communes/{c.Code}", Settings(c)));
        }).WithName("CreateCommune").WithSummary("The platform administrator opens a commune, empty or with the standard set.")
          .Reads<NewCommune>().Produces<CommuneSettings>(StatusCodes.Status201Created).Refuses(400, 403).ProducesProblem(StatusCodes.Status409Conflict);

        communes.MapPatch("/{code}", async (string code, HttpContext http, CommuneAdministration admin, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (body, error) = await ApiProblems.ReadAsync<CommunePatch>(http.Request, l);
            if (error is not null)
                return error;
            var changes = new CommuneChanges(body!.NameFr, body.NameAr, body.ContactEmail, body.Active, body.PersonalDataRetentionMonths, body.HostName);
            return Answer(await admin.UpdateAsync(Scope(http), code, changes, ct), l, c => TypedResults.Ok(Settings(c)));
        }).WithName("UpdateCommune").WithSummary("Changes a commune's names, contact address, retention; its activity and host name for the platform administrator.")
          .Reads<CommunePatch>().Produces<CommuneSettings>().Refuses(400, 403, 404).ProducesProblem(StatusCodes.Status409Conflict);

        return staff;
    }

    static CommuneSettings Settings(Commune c) =>
        new(c.Code, c.NameFr, c.NameAr, c.ReferencePrefix, c.Active, c.ContactEmail, c.HostName, c.PersonalDataRetentionMonths);

    static IResult Answer(CommuneResult result, IStringLocalizer l, Func<Commune, IResult> done) => result switch
    {
        CommuneResult.Done d => done(d.Commune),
        CommuneResult.NotFound => ApiProblems.NotFound(l),
        CommuneResult.Forbidden => ApiProblems.Forbidden(l),
        CommuneResult.Invalid v => ApiProblems.Invalid(l, v.Errors),
        CommuneResult.Duplicate d => TypedResults.Problem(l[d.Error], statusCode: StatusCodes.Status409Conflict, title: l["api.duplicate.title"],
            extensions: new Dictionary<string, object?> { ["field"] = d.Field }),
        _ => throw new InvalidOperationException(result.GetType().Name),
    };

    static StaffScope Scope(HttpContext http) =>
        StaffScope.From(http.User) ?? throw new InvalidOperationException("The staff policy let an unscoped user through.");
}
