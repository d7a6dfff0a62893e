using System.Net.Http.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Administration;

// Every administration page and endpoint, read from the application's route table: the right role in the right commune
// gets through; every other role, and an administrator of another commune, is refused (403 or 404, or the denied page)
// and never sees the data. An administration route added without its line in AdministrationRoutes fails here.
public abstract class AdministrationAccessTests(DatabaseKind kind) : AppTest(kind)
{
    // Pages under /staff/admin, and the API's communes, users and audit routes.
    static bool IsAdministration(string route) =>
        route.StartsWith("/staff/admin", StringComparison.OrdinalIgnoreCase)
        || route.StartsWith("/api/v1/communes", StringComparison.Ordinal)
        || route.StartsWith("/api/v1/users", StringComparison.Ordinal)
        || route.StartsWith("/api/v1/audit", StringComparison.Ordinal);

    IEnumerable<string> RouteTable()
    {
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!IsAdministration(route))
                continue;
            // A Razor page answers every method on one endpoint; its handlers share the page's authorization.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                yield return $"{method} {route.ToLowerInvariant()}";
        }
    }

    [Fact]
    public void Every_administration_route_has_its_access_case()
    {
        var known = AdministrationRoutes.Cases.Select(c => c.Key).ToHashSet();
        var missing = RouteTable().Distinct().Where(r => !known.Contains(r)).Order().ToList();
        Assert.True(missing.Count == 0, "Administration routes without an access case in AdministrationRoutes: " + string.Join(", ", missing));
        // And no case for a route that no longer exists.
        var table = RouteTable().ToHashSet();
        Assert.All(known, k => Assert.Contains(k, table));
    }

    [Fact]
    public async Task The_right_role_in_the_right_commune_gets_through_and_every_other_is_refused()
    {
        var people = await AdministrationRoutes.PeopleAsync(App);
        var failures = new List<string>();
        foreach (var route in AdministrationRoutes.Cases)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                var client = route.IsPage ? people.Browsers[who] : people.Api[who];
                using var request = await route.RequestAsync(App, people);
                using var response = await client.SendAsync(request);
                var allowed = route.Allowed.Contains(who);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.ToString() ?? "";
                var refused = status is 403 or 404 || status == 302 && location.Contains("/staff/denied", StringComparison.Ordinal);
                var succeeded = status is >= 200 and < 300 || route.IsPage && status == 302 && !refused && !location.Contains("/staff/login", StringComparison.Ordinal);
                if (allowed && !succeeded)
                    failures.Add($"{route.Key} as {who}: expected success, got {status} {location} {await BodyAsync(response)}");
                if (!allowed && !refused)
                    failures.Add($"{route.Key} as {who}: expected a refusal, got {status} {location}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }

    public sealed class OnSqlite() : AdministrationAccessTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AdministrationAccessTests(DatabaseKind.Postgres);
}

// The people every administration route is tried as: each role of Sefrou, and an administrator of Kénitra.
public enum Who { PlatformAdmin, CommuneAdmin, Cell, Agent, Observer, OtherCommuneAdmin }

public sealed record People(Dictionary<Who, HttpClient> Api, Dictionary<Who, HttpClient> Browsers, StaffMember Target);

public sealed record RouteCase(string Method, string Route, Who[] Allowed, Func<TestApp, People, Task<HttpRequestMessage>> Request)
{
    public string Key => $"{Method} {Route.ToLowerInvariant()}";
    public bool IsPage => Route.StartsWith("/staff/", StringComparison.Ordinal);
    public Task<HttpRequestMessage> RequestAsync(TestApp app, People people) => Request(app, people);
}

public static class AdministrationRoutes
{
    static readonly Who[] Admins = [Who.PlatformAdmin, Who.CommuneAdmin];
    static readonly Who[] Platform = [Who.PlatformAdmin];
    static readonly Who[] SefrouStaff = [Who.PlatformAdmin, Who.CommuneAdmin, Who.Cell, Who.Agent, Who.Observer];
    static readonly Who[] Everyone = Enum.GetValues<Who>();
    static int counter;

    // A fresh code for each creation, so every allowed caller creates something new.
    static string Fresh(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}";

    static Task<HttpRequestMessage> Get(string url) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, url));

    static Task<HttpRequestMessage> Send(HttpMethod method, string url, object body) =>
        Task.FromResult(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });

    static RouteCase Page(string route, Who[] allowed, string? query = "?commune=sefrou") =>
        new("GET", route, allowed, (_, _) => Get(route + query));

    static RouteCase Api(string method, string route, Who[] allowed, string url, object? body = null) =>
        new(method, route, allowed, (_, _) => body is null
            ? Task.FromResult(new HttpRequestMessage(new HttpMethod(method), url))
            : Send(new HttpMethod(method), url, body));

    public static readonly RouteCase[] Cases =
    [
        // Pages: a platform administrator picks Sefrou; a commune administrator of Kénitra naming Sefrou is refused.
        Page("/staff/admin/users", Admins),
        Page("/staff/admin/templates", Admins),
        Page("/staff/admin/deadlines", Admins),
        Page("/staff/admin/privacy", Admins),
        Page("/staff/admin/notifications", Admins),
        Page("/staff/admin/outbox", Admins),
        Page("/staff/admin/rights", Admins),
        Page("/staff/admin/api-keys", Admins),
        Page("/staff/admin/audit", Admins),
        Page("/staff/admin/import", Admins),
        Page("/staff/admin/communes", Admins),
        new("GET", "/staff/admin/{kind:regex(^(services|categories|districts)$)}", Admins, (_, _) => Get("/staff/admin/categories?commune=sefrou")),
        Page("/staff/admin/questions", Admins, "?commune=sefrou&category=voirie"),
        // The holidays are the platform's calendar, read by those who count deadlines.
        Page("/staff/admin/holidays", [Who.PlatformAdmin, Who.CommuneAdmin, Who.Cell, Who.OtherCommuneAdmin], query: ""),

        // Communes (CONTRACT §6b).
        Api("GET", "/api/v1/communes", Everyone, "/api/v1/communes"),
        new("POST", "/api/v1/communes", Platform, (_, _) => Send(HttpMethod.Post, "/api/v1/communes", NewCommune())),
        Api("PATCH", "/api/v1/communes/{code}", Admins, "/api/v1/communes/sefrou", new { contactEmail = "reclamations@sefrou.test" }),
        Api("GET", "/api/v1/communes/{code}/stats", SefrouStaff, "/api/v1/communes/sefrou/stats"),

        // Its organisation: read by its staff, changed by its administrators.
        Api("GET", "/api/v1/communes/{code}/services", SefrouStaff, "/api/v1/communes/sefrou/services"),
        Api("GET", "/api/v1/communes/{code}/categories", SefrouStaff, "/api/v1/communes/sefrou/categories"),
        Api("GET", "/api/v1/communes/{code}/districts", SefrouStaff, "/api/v1/communes/sefrou/districts"),
        new("POST", "/api/v1/communes/{code}/services", Admins, (_, _) => Send(HttpMethod.Post, "/api/v1/communes/sefrou/services",
            new { code = Fresh("service"), nameFr = "Service des marchés", nameAr = "مصلحة الأسواق" })),
        new("POST", "/api/v1/communes/{code}/categories", Admins, (_, _) => Send(HttpMethod.Post, "/api/v1/communes/sefrou/categories",
            new { code = Fresh("categorie"), nameFr = "Marchés", nameAr = "الأسواق", service = "voirie" })),
        new("POST", "/api/v1/communes/{code}/districts", Admins, (_, _) => Send(HttpMethod.Post, "/api/v1/communes/sefrou/districts",
            new { code = Fresh("quartier"), nameFr = "Nouveau quartier", nameAr = "الحي الجديد" })),
        Api("PATCH", "/api/v1/communes/{code}/services/{service}", Admins, "/api/v1/communes/sefrou/services/voirie", new { nameFr = "Service de la voirie" }),
        Api("PATCH", "/api/v1/communes/{code}/categories/{category}", Admins, "/api/v1/communes/sefrou/categories/voirie", new { nameFr = "Voirie et trottoirs" }),
        Api("PATCH", "/api/v1/communes/{code}/districts/{district}", Admins, "/api/v1/communes/sefrou/districts/d1", new { nameFr = "Médina" }),
        Api("GET", "/api/v1/communes/{code}/categories/{category}/questions", SefrouStaff, "/api/v1/communes/sefrou/categories/voirie/questions"),
        new("POST", "/api/v1/communes/{code}/categories/{category}/questions", Admins, (_, _) => Send(HttpMethod.Post,
            "/api/v1/communes/sefrou/categories/voirie/questions",
            new { code = Fresh("question"), labelFr = "Numéro du regard", labelAr = "رقم البالوعة", kind = "text", required = false })),
        Api("PATCH", "/api/v1/communes/{code}/categories/{category}/questions/{question}", Admins,
            "/api/v1/communes/sefrou/categories/voirie/questions/" + QuestionCode, new { labelFr = "Numéro du poteau" }),

        // Its staff.
        Api("GET", "/api/v1/communes/{code}/users", Admins, "/api/v1/communes/sefrou/users"),
        new("POST", "/api/v1/communes/{code}/users", Admins, (_, _) => Send(HttpMethod.Post, "/api/v1/communes/sefrou/users",
            new { email = Fresh("new") + "@sefrou.test", role = Roles.ComplaintsCell, password = "Cell-Passw0rd-2026" })),
        new("PATCH", "/api/v1/users/{id}", Admins, (_, people) => Send(HttpMethod.Patch, $"/api/v1/users/{people.Target.Id}", new { role = Roles.Observer })),
        new("POST", "/api/v1/users/{id}/sessions/end", Admins,
            (_, people) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{people.Target.Id}/sessions/end"))),

        // Its Open311 keys.
        Api("GET", "/api/v1/communes/{code}/api-keys", Admins, "/api/v1/communes/sefrou/api-keys"),
        Api("POST", "/api/v1/communes/{code}/api-keys", Admins, "/api/v1/communes/sefrou/api-keys", new { name = "Application mobile" }),
        new("DELETE", "/api/v1/communes/{code}/api-keys/{id:int}", Admins, async (app, _) =>
            new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/communes/sefrou/api-keys/{await KeyAsync(app)}")),

        // The audit log: a commune administrator reads their own commune's, so naming Sefrou refuses Kénitra's.
        Api("GET", "/api/v1/audit", Admins, "/api/v1/audit?commune=sefrou"),
    ];

    const string QuestionCode = "numero";

    static object NewCommune()
    {
        var n = Interlocked.Increment(ref counter);
        return new { code = $"commune-{n}", nameFr = $"Commune {n}", nameAr = $"جماعة {n}", referencePrefix = "C" + new string((char)('A' + n % 26), 1) + new string((char)('A' + n / 26 % 26), 1) };
    }

    // A key of Sefrou for each revocation.
    static Task<int> KeyAsync(TestApp app) => app.WithDbAsync(async db =>
    {
        var key = new Complaints.Web.Domain.ApiKey { Name = Fresh("key"), KeyHash = Guid.NewGuid().ToString("N"), CommuneId = await db.Communes.Where(c => c.Code == "sefrou").Select(c => c.Id).SingleAsync() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    });

    public static async Task<People> PeopleAsync(TestApp app)
    {
        var members = new Dictionary<Who, StaffMember>
        {
            [Who.PlatformAdmin] = await app.PlatformAdminAsync(),
            [Who.CommuneAdmin] = await app.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true),
            [Who.Cell] = await app.CreateAsync(Roles.ComplaintsCell, "sefrou"),
            [Who.Agent] = await app.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie"),
            [Who.Observer] = await app.CreateAsync(Roles.Observer, "sefrou"),
            [Who.OtherCommuneAdmin] = await app.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true),
        };
        var api = new Dictionary<Who, HttpClient>();
        var browsers = new Dictionary<Who, HttpClient>();
        foreach (var (who, member) in members)
        {
            api[who] = await app.ApiAsync(member);
            browsers[who] = await app.StaffBrowserAsync(member);
        }
        var target = await app.CreateAsync(Roles.ComplaintsCell, "sefrou");
        await app.WithDbAsync(async db =>
        {
            var voirie = await db.Categories.SingleAsync(c => c.Commune!.Code == "sefrou" && c.Code == "voirie");
            db.CategoryQuestions.Add(new Complaints.Web.Domain.CategoryQuestion { CategoryId = voirie.Id, Code = QuestionCode, LabelFr = "Numéro", LabelAr = "الرقم" });
            await db.SaveChangesAsync();
        });
        return new People(api, browsers, target);
    }
}
