using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Tests.Files;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Api;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Security;

// Who sends a request: its cookies (session, antiforgery, citizen access), the antiforgery token of its pages,
// a bearer token of the staff API, an Open311 api_key.
public sealed record FuzzIdentity(string Name, string Cookies, string? Token, string? Bearer, string? ApiKey);

// Real values to put in routes and fields, so that requests reach the code behind the checks for existence.
public sealed record FuzzScene(string Reference, string AccessCode, long AttachmentId, int ApiKeyId, string UserId, string Question,
    IReadOnlyList<FuzzIdentity> Identities)
{
    public FuzzIdentity Identity(string name) => Identities.Single(i => i.Name == name);

    // A complaint of Sefrou with a photo and a question on its category; the citizen who opened it with its code; the
    // platform administrator signed in through the sign-in form (password, then TOTP); another administrator with an API
    // token; an Open311 key to file with and another to be named in routes (revoking it leaves the first one working).
    public static async Task<FuzzScene> SetAsync(TestApp app)
    {
        const string question = "numero";
        var filed = await app.FileAsync(files: [("photo.jpg", Samples.Jpeg)]);
        var setup = new StaffScope("setup", "setup@example.test", Roles.PlatformAdmin, null, null);
        var (attachment, used, named) = await app.WithDbAsync(async db =>
        {
            var voirie = await db.Categories.SingleAsync(c => c.Commune!.Code == "sefrou" && c.Code == "voirie");
            db.CategoryQuestions.Add(new CategoryQuestion { CategoryId = voirie.Id, Code = question, LabelFr = "Numéro", LabelAr = "الرقم" });
            await db.SaveChangesAsync();
            var sefrou = await db.Communes.SingleAsync(c => c.Code == "sefrou");
            using var scope = app.Services.CreateScope();
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
            var (used, _) = await keys.IssueAsync(setup, sefrou, "Fuzz client", CancellationToken.None);
            var (named, _) = await keys.IssueAsync(setup, sefrou, "Fuzz target", CancellationToken.None);
            var attachment = await db.Attachments.Where(a => a.ComplaintId == filed.Complaint.Id).Select(a => a.Id).FirstAsync();
            return (attachment, used!, named!);
        });
        var target = await app.CreateAsync(Roles.ComplaintsCell);
        var baseAddress = new Uri("http://localhost");

        var citizenCookies = new CookieContainer();
        var citizen = app.CreateDefaultClient(baseAddress, new CookieContainerHandler(citizenCookies));
        var track = await citizen.GetPageAsync("/track");
        var opened = await citizen.PostFormAsync("/track", track, new Dictionary<string, string> { ["Reference"] = filed.Complaint.Reference, ["Code"] = filed.AccessCode });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var citizenToken = (await citizen.GetPageAsync("/sefrou/file")).Token();

        var staffCookies = new CookieContainer();
        var staff = app.CreateDefaultClient(baseAddress, new CookieContainerHandler(staffCookies));
        await staff.SignInAsync(await app.PlatformAdminAsync());
        var staffToken = (await staff.GetPageAsync("/staff")).Token();

        var api = await app.ApiAsync(await app.CreateAsync(Roles.PlatformAdmin, commune: null, twoFactor: true));
        return new FuzzScene(filed.Complaint.Reference, filed.AccessCode, attachment, named.Id, target.Id, question,
        [
            new FuzzIdentity("anonymous", citizenCookies.GetCookieHeader(baseAddress), citizenToken, null, null),
            new FuzzIdentity("staff", staffCookies.GetCookieHeader(baseAddress), staffToken, null, null),
            new FuzzIdentity("api", "", null, api.DefaultRequestHeaders.Authorization!.Parameter, used.Key),
        ]);
    }
}

// One request as it was sent, printable so that a failure can be read and replayed.
public sealed record FuzzRequest(int Index, FuzzRoute Route, string Identity, string Method, string Target,
    IReadOnlyList<(string Name, string Value)> Headers, string? ContentType, byte[]? Body, IReadOnlyList<string> Malformations)
{
    // The request as Kestrel would hand it to the application: the path percent-decoded (but for %2F) and without its dot
    // segments, the query as it was written, the headers and body as they are.
    public void WriteTo(HttpContext context)
    {
        var question = Target.IndexOf('?');
        var request = context.Request;
        request.Method = Method;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = WithoutDotSegments(PathString.FromUriComponent(RawPath).Value ?? "/");
        request.QueryString = question < 0 ? QueryString.Empty : new QueryString(Target[question..]);
        foreach (var (name, value) in Headers)
            request.Headers.Append(name, value);
        if (ContentType is not null)
            request.ContentType = ContentType;
        if (Body is not null)
        {
            request.Body = new MemoryStream(Body);
            request.ContentLength = Body.Length;
        }
    }

    string RawPath => Target.IndexOf('?') is var question and >= 0 ? Target[..question] : Target;

    // Kestrel answers 400 itself to a path that decodes to a NUL; the application never sees it (KestrelFuzzTests).
    public bool ReachesApplication
    {
        get
        {
            try
            {
                _ = PathString.FromUriComponent(RawPath);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    static string WithoutDotSegments(string path)
    {
        var kept = new List<string>();
        foreach (var segment in path.Split('/').Skip(1))
        {
            if (segment == "..")
            {
                if (kept.Count > 0)
                    kept.RemoveAt(kept.Count - 1);
            }
            else if (segment != ".")
                kept.Add(segment);
        }
        return "/" + string.Join('/', kept);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"#{Index} as {Identity}, route {Route}, malformed by {string.Join(" + ", Malformations)}\n");
        text.Append($"  {Method} {Cut(Target, 400)}\n");
        foreach (var (name, value) in Headers)
            text.Append($"  {name}: {Cut(value, 200)}\n");
        if (ContentType is not null)
            text.Append($"  Content-Type: {Cut(ContentType, 200)}\n");
        if (Body is not null)
            text.Append($"  body ({Body.Length} bytes): {Cut(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 2000)), 600)}\n");
        return text.ToString();
    }

    public static string Cut(string text, int length) =>
        Printable(text.Length <= length ? text : text[..length] + $"… ({text.Length} characters)");

    static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
}

// Draws request number `index` of run `seed` on its own, so any one of them can be drawn again alone: a route of the
// table, an identity, the route's fields filled with real values, then one to three malformations.
public sealed partial class FuzzRequests(IReadOnlyList<FuzzRoute> routes, FuzzScene scene)
{
    public FuzzRequest Create(int seed, int index)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var route = routes[random.Next(routes.Count)];
        var draft = new Draft(route, PickIdentity(route, random), scene, random);
        var chosen = new List<Malformation>();
        for (var count = 1 + random.Next(3); chosen.Count < count;)
            chosen.Add(Pick(draft, random));
        // Values, paths and headers first; then what rewrites the whole body from them.
        foreach (var malformation in chosen.OrderBy(m => m.Stage))
        {
            malformation.Apply(draft, random);
            draft.Notes.Add(malformation.Name);
        }
        return draft.Render(index);
    }

    FuzzIdentity PickIdentity(FuzzRoute route, Random random)
    {
        var template = route.Template;
        // Mostly the caller a route is made for, but every route is also tried by the others.
        var (anonymous, staff) = template.StartsWith("/staff", StringComparison.Ordinal) ? (25, 60)
            : template.StartsWith("/api/", StringComparison.Ordinal) ? (20, 20)
            : template.StartsWith("/open311", StringComparison.Ordinal) ? (35, 15)
            : (50, 25);
        var draw = random.Next(100);
        return scene.Identity(draw < anonymous ? "anonymous" : draw < anonymous + staff ? "staff" : "api");
    }

    sealed record Malformation(string Name, int Stage, Func<Draft, int> Weight, Action<Draft, Random> Apply);

    static Malformation Pick(Draft draft, Random random)
    {
        var weights = All.Select(m => m.Weight(draft)).ToArray();
        var draw = random.Next(weights.Sum());
        for (var i = 0; ; i++)
        {
            draw -= weights[i];
            if (draw < 0)
                return All[i];
        }
    }

    static readonly Malformation[] All =
    [
        new("value", 0, _ => 10, BadValue),
        new("route-value", 0, d => d.RouteValues.Count > 0 ? 5 : 0, BadRouteValue),
        new("path", 0, _ => 2, BadPath),
        new("array-for-scalar", 0, _ => 3, ArrayForScalar),
        new("huge-query", 0, _ => 1, HugeQuery),
        new("huge-header", 0, _ => 1, HugeHeader),
        new("headers", 0, _ => 5, BadHeaders),
        new("method", 0, _ => 2, WrongMethod),
        new("antiforgery", 0, d => d.Route.IsPage && d.Method != "GET" ? 4 : 0, BadAntiforgery),
        new("file", 0, d => d.Route.Fields.Any(f => f.Kind == FieldKind.File) ? 5 : 0, BadFile),
        new("many-fields", 1, _ => 1, ManyFields),
        new("json", 1, d => d.Body == BodyKind.Json ? 6 : 1, BadJson),
        new("multipart", 1, d => d.Method == "GET" ? 0 : d.Route.IsPage || d.Body == BodyKind.Multipart ? 4 : 1, BadMultipart),
        new("invalid-utf8", 1, d => d.Method == "GET" ? 0 : 1, InvalidUtf8),
    ];

    // ---- Values ----

    // Bad escapes, written into a URL or a form body as they are.
    static readonly string[] RawEscapes =
    [
        "%", "%%", "%zz", "%4", "%u0041", "%C0%AE%C0%AE%2F", "%C0%80", "%E0%80%AF", "%ED%A0%80", "%F8%88%80%80%80", "%FF%FE",
        "%00", "a%00b", "%0D%0ASet-Cookie:%20fuzz=1", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252f", "..%2f..%2f..%2fappsettings.json",
        "%5c..%5c..%5cwindows", "+%2B+", "%E2%80%AE", "%EF%BB%BF", "%C3%28", "%F0%28%8C%BC",
    ];

    static readonly string[] Texts =
    [
        "", " ", "\0", "a\0b", "\u0001\u0002\u001b[31m\u007f", "\t\r\n", "\u2028\u2029", "\uFEFF", "\u202Eevil", "\U0001F4A9", "\uD800", "\uDFFFx",
        "صفرو", "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "....//....//", "/%09/evil.example", "/\tx", "//evil.example",
        "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "' OR '1'='1", "'; DROP TABLE \"Complaints\"; --", "{{7*7}}", "${jndi:ldap://x}", "{0}", "{0:D99999}", "%s%n%x", "=cmd|' /C calc'!A0",
        "-1", "0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "NaN", "Infinity", "-0",
        "0x10", "1,5", "١٢٣", "1.7976931348623157E+309", "0000-00-00", "0001-01-01", "9999-12-31", "99999-01-01", "2026-02-30", "2026-13-45",
        "-0001-01-01", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59.9999999+14:00", "2026-03-10T25:61:61Z", "yes", "on", "TRUE ", "2",
        "null", "undefined", "[]", "{}", "true", "SEF-2026-000001", "sef-2026-0000000000000000001", "SEF-99999-999999",
    ];

    static string Huge(Random random) => random.Next(4) switch
    {
        0 => new string('A', 100_000),
        1 => string.Concat(Enumerable.Repeat("é", 50_000)),
        2 => string.Concat(Enumerable.Repeat("شكاية ", 10_000)),
        _ => new string('\0', 10_000),
    };

    static (string Value, bool Raw) BadText(Random random)
    {
        var draw = random.Next(100);
        if (draw < 25)
            return (RawEscapes[random.Next(RawEscapes.Length)], true);
        if (draw < 97)
            return (Texts[random.Next(Texts.Length)], false);
        return (Huge(random), false);
    }

    static void BadValue(Draft draft, Random random)
    {
        var (value, raw) = BadText(random);
        var name = draft.AnyFieldName(random);
        if (draft.Body == BodyKind.Json && draft.Method != "GET" && random.Next(2) == 0)
            draft.SetJson(name, random.Next(3) == 0 ? WrongJson(random) : JsonSerializer.Serialize(value));
        else
            draft.Set(name, value, raw, inQuery: draft.Method == "GET" || draft.Body == BodyKind.None || random.Next(4) == 0);
    }

    static void BadRouteValue(Draft draft, Random random)
    {
        var name = draft.RouteValues.Keys.ElementAt(random.Next(draft.RouteValues.Count));
        var (value, raw) = BadText(random);
        draft.RouteValues[name] = random.Next(4) switch
        {
            0 => "../../../../appsettings.json",
            1 => "..\\..\\Program.cs",
            _ when raw => value,
            _ => Escape(value, keepSlashes: random.Next(3) == 0),
        };
    }

    static void BadPath(Draft draft, Random random)
    {
        var path = draft.Path();
        draft.PathOverride = random.Next(16) switch
        {
            0 => path + "/../../../../appsettings.json",
            1 => path + "/..%2f..%2f..%2fappsettings.json",
            2 => "/" + path.TrimStart('/').Replace('/', '\\'),
            3 => path + "%00.html",
            4 => path + ";.css",
            5 => "//" + path.TrimStart('/'),
            6 => "/./" + path.TrimStart('/') + "/.",
            7 => "/%2e%2e/%2e%2e" + path,
            8 => path + "/" + new string('a', 20_000),
            9 => string.Concat(Enumerable.Repeat("/a", 3_000)) + path,
            10 => "/css/..%2f..%2fappsettings.json",
            11 => "/js/%2e%2e/%2e%2e/%2e%2e/Program.cs",
            12 => "/lib/..\\..\\..\\appsettings.json",
            13 => "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            14 => path.ToUpperInvariant() + "%2F",
            _ => path + "%C0%AE%C0%AE/",
        };
    }

    static void ArrayForScalar(Draft draft, Random random)
    {
        var name = draft.AnyFieldName(random);
        if (draft.Body == BodyKind.Json && draft.Method != "GET")
        {
            draft.SetJson(name, random.Next(2) == 0 ? "[\"a\",\"b\"]" : "{\"0\":\"a\",\"1\":{\"2\":[]}}");
            return;
        }
        var inQuery = draft.Method == "GET" || draft.Body == BodyKind.None;
        switch (random.Next(7))
        {
            case 0:
                draft.Add(name, "1", inQuery);
                draft.Add(name, "2", inQuery);
                break;
            case 1:
                draft.Add(name + "[0]", "a", inQuery);
                draft.Add(name + "[1]", "b", inQuery);
                break;
            case 2:
                draft.Add(name + "[]", "a", inQuery);
                break;
            case 3:
                draft.Add(name + "[99999999999]", "a", inQuery);
                break;
            case 4:
                draft.Add(name + ".Inner.Deeper[-1]", "a", inQuery);
                break;
            case 5:
                draft.Add(string.Concat(Enumerable.Repeat(name + ".", 200)) + "x", "a", inQuery);
                break;
            default:
                draft.Add("[", "]", inQuery);
                draft.Add(name + "]]]", "[[[", inQuery);
                break;
        }
    }

    static void HugeQuery(Draft draft, Random random) =>
        draft.Add(draft.AnyFieldName(random), random.Next(2) == 0 ? new string('A', 100_000) : string.Concat(Enumerable.Repeat("é", 50_000)), inQuery: true);

    static void HugeHeader(Draft draft, Random random)
    {
        var value = new string('A', 64 * 1024);
        switch (random.Next(5))
        {
            case 0: draft.Headers.Add(("User-Agent", value)); break;
            case 1: draft.Headers.Add(("Referer", "http://localhost/" + value)); break;
            case 2: draft.Headers.Add(("Accept-Language", string.Join(",", Enumerable.Range(0, 8000).Select(i => $"x{i}")))); break;
            case 3: draft.Cookies += "; big=" + value; break;
            default: draft.Headers.Add(("X-Fuzz", value)); break;
        }
    }

    static readonly string[] Accepts =
    [
        "*/*;q=abc", "text/html;;;", "application/xml", "application/json;q=2", "image/*", "", new string(',', 5000),
        "text/html, application/xhtml+xml;q=0.9, */*;q=NaN", "application/problem+json", "text/event-stream", "text/xml; charset=ebcdic",
    ];

    static readonly string[] ContentTypes =
    [
        "application/json; charset=utf-7", "application/json; charset=nonsense", "application/json; charset=\"\"", "application/json; charset=utf-16",
        "application/x-www-form-urlencoded; charset=ebcdic-cp-us", "application/x-www-form-urlencoded; charset=utf-32", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unterminated", "text/plain", "image/jpeg", "application/octet-stream",
        ";;;", "x", "application/merge-patch+json", "application/xml", "application/json; x=\u00e9",
    ];

    static readonly string[] Languages =
    [
        "zz-ZZ", "ar-MA;q=2", "*", "i-klingon", "x-pig-latin", "en-US-u-ca-islamic-nu-arab", "ar-SA-u-nu-arab", "fr;q=abc", "fr-FR;q=-1",
        ";;;", "en-US-POSIX", "iv", "qps-ploc", "ar-u-ca-hijri", "fr-FR-x-" + new string('a', 300), "ar,fr;q=0.5,*;q=0", "ar-EG-x-\u00e9",
    ];

    static readonly string[] Authorizations =
    [
        "Bearer", "Bearer ", "Bearer garbage.garbage.garbage", "Basic Og==", "Negotiate xxx", "Bearer CfDJ8" + new string('A', 2000), "Bearer %00",
    ];

    static void BadHeaders(Draft draft, Random random)
    {
        switch (random.Next(12))
        {
            case 0:
                draft.Headers.Add(("Accept", Accepts[random.Next(Accepts.Length)]));
                break;
            case 1:
                draft.ContentType = ContentTypes[random.Next(ContentTypes.Length)];
                break;
            case 2:
                draft.Headers.RemoveAll(h => h.Name == "Accept-Language");
                draft.Headers.Add(("Accept-Language", Languages[random.Next(Languages.Length)]));
                break;
            case 3:
                draft.Cookies = BadCookies(draft.Cookies, random);
                break;
            case 4:
                draft.Headers.Add(("If-Match", new[] { "\"abc\"", "W/\"99999999999999\"", "*", "\"-1\"", "\"2147483648\"", "W/", "\"" }[random.Next(7)]));
                break;
            case 5:
                draft.Headers.RemoveAll(h => h.Name == "Authorization");
                draft.Headers.Add(("Authorization", draft.Identity.Bearer is { } bearer && random.Next(2) == 0
                    ? "Bearer " + bearer[..(bearer.Length / 2)] : Authorizations[random.Next(Authorizations.Length)]));
                break;
            case 6:
                draft.Headers.Add(("X-Forwarded-For", new[] { "999.999.999.999", "::::", "1.2.3.4, ::1, garbage", "unknown", new string(',', 2000) }[random.Next(5)]));
                draft.Headers.Add(("X-Forwarded-Proto", new[] { "javascript", "https", "http, https, ftp" }[random.Next(3)]));
                draft.Headers.Add(("X-Forwarded-Host", new[] { "evil.example", "a b", "", "localhost:99999" }[random.Next(4)]));
                break;
            case 7:
                draft.Headers.Add(("Range", new[] { "bytes=999999999-", "bytes=-0", "bytes=a-b", "bytes=0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0" }[random.Next(4)]));
                draft.Headers.Add(("If-Modified-Since", new[] { "garbage", "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 99999 23:59:59 GMT" }[random.Next(3)]));
                break;
            case 8:
                draft.Headers.Add(("Content-Encoding", new[] { "gzip", "br", "deflate, gzip", "x-fuzz" }[random.Next(4)]));
                break;
            case 9:
                draft.Headers.Add(("Accept-Encoding", new[] { "gzip;q=abc, br, *;q=0", "identity;q=0", "gzip, deflate, br" }[random.Next(3)]));
                break;
            case 10:
                draft.Headers.Add(("Origin", new[] { "null", "http://evil.example", "\u00e9" }[random.Next(3)]));
                break;
            default:
                draft.Headers.Add(("X-HTTP-Method-Override", "DELETE"));
                draft.Headers.Add(("Expect", "100-continue"));
                break;
        }
    }

    // The identity's own cookies with a value garbled, cut or swapped, or cookies it never had.
    static string BadCookies(string cookies, Random random)
    {
        var pairs = cookies.Split("; ", StringSplitOptions.RemoveEmptyEntries).ToList();
        switch (random.Next(6))
        {
            case 0 when pairs.Count > 0:
                var i = random.Next(pairs.Count);
                var name = pairs[i].Split('=')[0];
                var value = pairs[i][(name.Length + 1)..];
                pairs[i] = name + "=" + (random.Next(3) switch { 0 => value[..(value.Length / 2)], 1 => "CfDJ8garbage", _ => value + "x" });
                break;
            case 1:
                pairs.Add(".AspNetCore.Culture=" + new[] { "c=zz|uic=yy", "c%3Dar%7Cuic%3Dqps-ploc", "%FF%FE", "c=|uic=", "c=ar-MA-u-nu-arab|uic=ar" }[random.Next(5)]);
                break;
            case 2:
                pairs.Add(".AspNetCore.Mvc.CookieTempDataProvider=" + new[] { "CfDJ8garbage", "", "%00" }[random.Next(3)]);
                break;
            case 3:
                pairs.Add(new[] { "=;=;;==", "complaints.citizen=CfDJ8garbage", ".AspNetCore.Identity.Application=garbage", "a=\"unterminated" }[random.Next(4)]);
                break;
            case 4:
                pairs.AddRange(Enumerable.Range(0, 1000).Select(n => $"c{n}=v{n}"));
                break;
            default:
                pairs.Clear();
                break;
        }
        return string.Join("; ", pairs);
    }

    static void WrongMethod(Draft draft, Random random) =>
        draft.Method = new[] { "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "POST", "GET", "PROPFIND", "FUZZ" }[random.Next(10)];

    static void BadAntiforgery(Draft draft, Random random)
    {
        draft.Form.RemoveAll(p => p.Name == Draft.TokenField);
        var other = draft.Scene.Identities.Select(i => i.Token).FirstOrDefault(t => t is not null && t != draft.Identity.Token);
        switch (random.Next(6))
        {
            case 0:
                break;
            case 1:
                draft.Form.Add(new Pair(Draft.TokenField, "CfDJ8garbage"));
                break;
            case 2 when other is not null:
                draft.Form.Add(new Pair(Draft.TokenField, other));
                break;
            case 3 when draft.Identity.Token is not null:
                draft.Headers.Add(("RequestVerificationToken", draft.Identity.Token));
                break;
            case 4:
                draft.Form.Add(new Pair(Draft.TokenField, new string('A', 20_000)));
                break;
            default:
                draft.Form.Add(new Pair(Draft.TokenField, draft.Identity.Token ?? ""));
                draft.Cookies = string.Join("; ", draft.Cookies.Split("; ").Where(c => !c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)));
                break;
        }
    }

    // ---- Bodies ----

    static void ManyFields(Draft draft, Random random)
    {
        var inQuery = draft.Method == "GET" || draft.Body == BodyKind.None;
        switch (random.Next(4))
        {
            case 0:
                for (var i = 0; i < 10_000; i++)
                    draft.Add($"f{i}", "v", inQuery);
                break;
            case 1:
                var name = draft.AnyFieldName(random);
                for (var i = 0; i < 10_000; i++)
                    draft.Add(name, "v", inQuery);
                break;
            case 2:
                draft.Add(new string('k', 3_000), "v", inQuery);
                break;
            default:
                // Past the form reader's 4 MB for one value.
                draft.Add(draft.AnyFieldName(random), new string('A', 5 * 1024 * 1024), inQuery: false);
                break;
        }
        if (!inQuery && draft.Body is BodyKind.None or BodyKind.Json)
            draft.Body = BodyKind.Form;
    }

    static string WrongJson(Random random) => random.Next(16) switch
    {
        0 => "\"x\"",
        1 => "1e309",
        2 => "99999999999999999999999999",
        3 => "-1",
        4 => "true",
        5 => "[]",
        6 => "{}",
        7 => "[1,2,3]",
        8 => "{\"nested\":{\"deep\":[]}}",
        9 => "null",
        10 => "\"0000-00-00\"",
        11 => "\"99999-12-31T00:00:00Z\"",
        12 => "\"\\ud800\"",
        13 => "\"\\u0000\"",
        14 => "-9223372036854775809",
        _ => "1.5",
    };

    static void BadJson(Draft draft, Random random)
    {
        draft.Body = BodyKind.Json;
        var valid = draft.JsonText();
        var text = random.Next(12) switch
        {
            0 => new[] { "[]", "\"text\"", "42", "null", "true", "", " " }[random.Next(7)],
            1 => new[] { "{", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "/* c */{}", "{}garbage", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\" 1}" }[random.Next(9)],
            2 => valid.Length > 2 ? valid[..random.Next(1, valid.Length - 1)] : "{\"a\"",
            3 => string.Concat(Enumerable.Repeat("[", 100_000)) + string.Concat(Enumerable.Repeat("]", 100_000)),
            4 => string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000),
            5 => valid.Length > 2 ? valid[..^1] + "," + valid[1..] : "{\"a\":1,\"a\":2}",
            6 => "{\"text\":\"" + new string('A', 2 * 1024 * 1024) + "\"}",
            7 => "{\"text\":\"a\u0001b\u0000c\tnew\nline\"}",
            8 => "\uFEFF" + valid,
            // A property of the right name with a value of the wrong type or out of range.
            _ when draft.Route.Fields.Count > 0 => draft.WithJson(draft.Route.Fields[random.Next(draft.Route.Fields.Count)].Name, WrongJson(random)),
            _ => valid,
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(6) == 0)
            bytes = Splice(bytes, [0xC0, 0xAE, 0xFF, 0xFE, 0xED, 0xA0, 0x80], random);
        draft.RawBody = bytes;
    }

    static void BadMultipart(Draft draft, Random random)
    {
        draft.Body = BodyKind.Multipart;
        var boundary = "fuzz" + random.Next(1_000_000);
        var newline = "\r\n";
        var declared = boundary;
        var extraHeader = "";
        var flaw = random.Next(14);
        switch (flaw)
        {
            case 0: draft.ContentType = "multipart/form-data"; break;
            case 1: declared = "other" + boundary; break;
            case 2: extraHeader = "X-Fuzz: " + new string('A', 20_000) + newline; break;
            case 3: boundary = declared = new string('b', 200); break;
            case 4: newline = "\n"; break;
            case 5: draft.ContentType = $"multipart/form-data; boundary=\"{boundary}\"; boundary=second"; break;
            case 6: draft.ContentType = $"multipart/mixed; boundary={boundary}"; break;
        }
        var bytes = new List<byte>();
        void Text(string s) => bytes.AddRange(Encoding.UTF8.GetBytes(s));
        if (flaw == 7)
            Text("preamble garbage" + newline);
        var parts = draft.Form.Select(p => (Headers: $"Content-Disposition: form-data; name=\"{p.Name}\"{newline}", Bytes: Encoding.UTF8.GetBytes(p.Value)))
            .Concat(draft.Files.Select(f => (Headers: $"Content-Disposition: form-data; name=\"{f.Name}\"; filename=\"{f.FileName}\"{newline}Content-Type: {f.ContentType}{newline}", Bytes: f.Bytes)))
            .ToList();
        if (flaw == 8)
            parts.Add(("Content-Type: text/plain" + newline, "no disposition"u8.ToArray()));
        if (flaw == 9)
            parts.Add((new[] { "Content-Disposition: form-data; name=" + newline, "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%FF%FE%00" + newline,
                "Content-Disposition: attachment" + newline, $"Content-Disposition: form-data; name=\"{new string('n', 8000)}\"" + newline }[random.Next(4)], "x"u8.ToArray()));
        if (flaw == 10)
            parts.AddRange(Enumerable.Range(0, 5_000).Select(i => ($"Content-Disposition: form-data; name=\"p{i}\"{newline}", "v"u8.ToArray())));
        if (flaw == 11)
            parts.Add(($"Content-Disposition: form-data; name=\"nested\"{newline}Content-Type: multipart/mixed; boundary=inner{newline}",
                Encoding.UTF8.GetBytes($"--inner{newline}Content-Disposition: file; filename=\"../../x.jpg\"{newline}{newline}x{newline}--inner--")));
        foreach (var (headers, content) in parts)
        {
            Text($"--{boundary}{newline}{headers}{extraHeader}{newline}");
            bytes.AddRange(content);
            Text(newline);
        }
        if (flaw != 12)
            Text($"--{boundary}--{newline}");
        if (flaw == 7)
            Text("epilogue garbage");
        var rendered = bytes.ToArray();
        if (flaw == 13 && rendered.Length > 2)
            rendered = rendered[..random.Next(1, rendered.Length - 1)];
        draft.RawBody = rendered;
        draft.ContentType ??= $"multipart/form-data; boundary={declared}";
    }

    static readonly Lazy<byte[]> Jpeg = new(() => TestImages.Encode(40, 30));
    static readonly Lazy<byte[]> Bomb = new(() => TestImages.PngBomb());

    static void BadFile(Draft draft, Random random)
    {
        var field = draft.Route.Fields.Where(f => f.Kind == FieldKind.File).ElementAt(0).Name;
        var jpeg = Jpeg.Value;
        var (name, type, bytes) = random.Next(16) switch
        {
            0 => ("photo.jpg", "image/jpeg", "This is plain text pretending to be a photo."u8.ToArray()),
            1 => ("photo.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5]),
            2 => ("photo.jpg", "image/jpeg", jpeg[..100]),
            3 => ("../../../../etc/passwd", "image/jpeg", jpeg),
            4 => ("..\\..\\evil.exe", "application/x-msdownload", jpeg),
            5 => ("a\0b.jpg", "image/jpeg", jpeg),
            6 => ("", "image/jpeg", jpeg),
            7 => (new string('n', 1000) + ".jpg", "image/jpeg", jpeg),
            8 => ("photo.jpg", "image/jpeg", []),
            9 => ("big.jpg", "image/jpeg", [.. jpeg[..4], .. new byte[5 * 1024 * 1024]]),
            10 => ("x.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray()),
            11 => ("x.pdf", "application/pdf", TestImages.PdfWithScript()),
            12 => ("x.gif", "image/gif", "GIF89a/*<script>alert(1)</script>*/"u8.ToArray()),
            13 => ("x.webp", "image/webp", "RIFF\u0010\0\0\0WEBPVP8 garbage"u8.ToArray()),
            14 => ("bomb.png", "image/png", Bomb.Value),
            _ => ("gpj.exe\u202E.jpg", "image/jpeg", jpeg),
        };
        draft.Files.Add(new FilePart(field, name, type, bytes));
        draft.Body = BodyKind.Multipart;
    }

    static void InvalidUtf8(Draft draft, Random random) =>
        draft.RawBody = Splice(draft.RenderBody(), [0xC0, 0xAE, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF8, 0x88], random);

    static byte[] Splice(byte[] body, byte[] bytes, Random random)
    {
        var at = random.Next(body.Length + 1);
        return [.. body[..at], .. bytes, .. body[at..]];
    }

    // Percent-encodes UTF-8 as a URL or a form body carries it; an unpaired surrogate goes as U+FFFD, as a browser sends it.
    public static string Escape(string text, bool keepSlashes = false)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' || keepSlashes && b == (byte)'/')
                escaped.Append((char)b);
            else
                escaped.Append('%').Append(b.ToString("X2"));
        }
        return escaped.ToString();
    }

    // ---- A request being drawn ----

    public sealed record Pair(string Name, string Value, bool Raw = false);

    public sealed record FilePart(string Name, string FileName, string ContentType, byte[] Bytes);

    sealed class Draft
    {
        public const string TokenField = "__RequestVerificationToken";
        public FuzzRoute Route { get; }
        public FuzzIdentity Identity { get; }
        public FuzzScene Scene { get; }
        public string Method { get; set; }
        public BodyKind Body { get; set; }
        public Dictionary<string, string> RouteValues { get; } = [];
        public string? PathOverride { get; set; }
        public List<Pair> Query { get; } = [];
        public List<Pair> Form { get; } = [];
        public List<FilePart> Files { get; } = [];
        // Body properties as JSON literals, for endpoints that read JSON.
        public List<(string Name, string Literal)> Json { get; } = [];
        public byte[]? RawBody { get; set; }
        public string? ContentType { get; set; }
        public List<(string Name, string Value)> Headers { get; } = [];
        public string Cookies { get; set; }
        public List<string> Notes { get; } = [];

        public Draft(FuzzRoute route, FuzzIdentity identity, FuzzScene scene, Random random)
        {
            Route = route;
            Identity = identity;
            Scene = scene;
            Method = route.Method;
            Body = route.Body;
            Cookies = identity.Cookies;
            foreach (var parameter in route.Pattern.Parameters)
                if (!parameter.IsOptional || random.Next(3) > 0)
                    RouteValues[parameter.Name] = Escape(RouteValue(parameter, random));
            if (route.Handler is not null)
                Query.Add(new Pair("handler", route.Handler));
            foreach (var field in route.Fields.Where(_ => random.Next(10) < 7))
            {
                if (field.Kind == FieldKind.File)
                    continue;
                if (route.Body == BodyKind.Json)
                    Json.Add((field.Name, JsonLiteral(field, random)));
                else
                    Add(field.Name, RealValue(field, random), inQuery: route.Body == BodyKind.None);
            }
            // Signing out with a good token would end the session every later staff request relies on.
            if (route.IsPage && route.Method != "GET" && identity.Token is not null && !(identity.Name == "staff" && route.Template == "/staff/logout"))
                Form.Add(new Pair(TokenField, identity.Token));
            if (identity.ApiKey is not null && route.Template.StartsWith("/open311", StringComparison.Ordinal))
                Add("api_key", identity.ApiKey, inQuery: route.Body == BodyKind.None);
            if (identity.Bearer is not null)
                Headers.Add(("Authorization", "Bearer " + identity.Bearer));
            Headers.Add(("Accept-Language", random.Next(2) == 0 ? "fr" : "ar"));
            Headers.Add(("Accept", route.IsPage ? "text/html" : route.Template.Contains("{fmt}", StringComparison.Ordinal) ? "*/*" : "application/json"));
        }

        string RouteValue(RoutePatternParameterPart parameter, Random random)
        {
            // A constraint like regex(^(services|categories|districts)$) lists the values the route takes.
            var choices = parameter.ParameterPolicies.Select(p => p.Content is { } c ? Alternatives().Match(c) : Match.Empty)
                .FirstOrDefault(m => m.Success)?.Groups[1].Value.Split('|');
            if (choices is { Length: > 0 })
                return choices[random.Next(choices.Length)];
            var template = Route.Template;
            return parameter.Name.ToLowerInvariant() switch
            {
                "commune" or "code" => random.Next(4) == 0 ? "kenitra" : "sefrou",
                "reference" or "service_request_id" => Scene.Reference,
                "service_code" or "category" or "service" => "voirie",
                "district" => "d1",
                "question" => Scene.Question,
                "fmt" => random.Next(2) == 0 ? "json" : "xml",
                "language" => random.Next(2) == 0 ? "fr" : "ar",
                "documentname" => "v1",
                "id" when template.Contains("attachments", StringComparison.Ordinal) => Scene.AttachmentId.ToString(),
                "id" when template.Contains("api-keys", StringComparison.Ordinal) => Scene.ApiKeyId.ToString(),
                "id" when template.Contains("users", StringComparison.Ordinal) => Scene.UserId,
                _ => "1",
            };
        }

        string RealValue(FuzzField field, Random random)
        {
            var name = field.Name[(field.Name.LastIndexOf('.') + 1)..].ToLowerInvariant();
            return name switch
            {
                "reference" or "service_request_id" => Scene.Reference,
                "code" => new[] { Scene.AccessCode, "sefrou", "voirie", "123456" }[random.Next(4)],
                "commune" or "jurisdiction_id" => "sefrou",
                "category" or "service_code" or "service" => "voirie",
                "district" => "d1",
                "email" => "fuzz@example.test",
                "phone" => "0612345678",
                "from" => "2026-01-01",
                "to" => "2026-03-31",
                "page" => "1",
                "pagesize" => "25",
                "sort" => "deadline",
                "lat" or "latitude" => "33.83",
                "long" or "longitude" => "-4.83",
                "id" or "userid" => Scene.UserId,
                _ => field.Kind switch
                {
                    FieldKind.Integer => random.Next(1, 30).ToString(),
                    FieldKind.Number => "1.5",
                    FieldKind.Boolean => random.Next(2) == 0 ? "true" : "false",
                    FieldKind.Date => "2026-03-10",
                    FieldKind.Choice when field.Choices.Count > 0 => field.Choices[random.Next(field.Choices.Count)],
                    _ => "Un grand nid-de-poule devant l'école primaire depuis deux semaines.",
                },
            };
        }

        string JsonLiteral(FuzzField field, Random random) => field.Kind switch
        {
            FieldKind.Integer => random.Next(1, 30).ToString(),
            FieldKind.Number => "33.8",
            FieldKind.Boolean => random.Next(2) == 0 ? "true" : "false",
            FieldKind.List => "[\"voirie\"]",
            FieldKind.Map => $"{{\"{Scene.Question}\":\"12\"}}",
            _ => JsonSerializer.Serialize(RealValue(field, random)),
        };

        public string AnyFieldName(Random random)
        {
            var names = Route.Fields.Select(f => f.Name).Concat(Query.Select(p => p.Name)).Concat(Form.Select(p => p.Name)).Distinct().ToList();
            return names.Count == 0 || random.Next(10) == 0 ? new[] { "q", "id", "returnUrl", "ReturnUrl", "lang", "handler" }[random.Next(6)] : names[random.Next(names.Count)];
        }

        public void Add(string name, string value, bool inQuery, bool raw = false) => (inQuery ? Query : Form).Add(new Pair(name, value, raw));

        public void Set(string name, string value, bool raw, bool inQuery)
        {
            Query.RemoveAll(p => p.Name == name);
            Form.RemoveAll(p => p.Name == name);
            Add(name, value, inQuery, raw);
        }

        public void SetJson(string name, string literal)
        {
            Json.RemoveAll(p => p.Name == name);
            Json.Add((name, literal));
        }

        public string WithJson(string name, string literal) =>
            ToJson([.. Json.Where(p => p.Name != name), (name, literal)]);

        public string JsonText() => ToJson(Json);

        // Dotted names as nested objects: complainant.firstName → {"complainant":{"firstName":…}}.
        static string ToJson(IEnumerable<(string Name, string Literal)> properties)
        {
            var groups = properties.GroupBy(p => p.Name.Split('.', 2)[0]);
            return "{" + string.Join(",", groups.Select(g =>
            {
                var nested = g.Where(p => p.Name.Contains('.')).Select(p => (p.Name.Split('.', 2)[1], p.Literal)).ToList();
                var value = nested.Count > 0 ? ToJson(nested) : g.Last().Literal;
                return JsonSerializer.Serialize(g.Key) + ":" + value;
            })) + "}";
        }

        public string Path()
        {
            var path = new StringBuilder();
            foreach (var segment in Route.Pattern.PathSegments)
            {
                var text = new StringBuilder();
                foreach (var part in segment.Parts)
                    text.Append(part switch
                    {
                        RoutePatternLiteralPart literal => literal.Content,
                        RoutePatternSeparatorPart separator => separator.Content,
                        RoutePatternParameterPart parameter => RouteValues.GetValueOrDefault(parameter.Name, ""),
                        _ => "",
                    });
                if (text.Length > 0)
                    path.Append('/').Append(text);
            }
            return path.Length == 0 ? "/" : path.ToString();
        }

        static string Encode(IEnumerable<Pair> pairs) =>
            string.Join("&", pairs.Select(p => Escape(p.Name) + "=" + (p.Raw ? p.Value : Escape(p.Value))));

        public byte[] RenderBody()
        {
            if (RawBody is not null)
                return RawBody;
            return Body switch
            {
                BodyKind.Json => Encoding.UTF8.GetBytes(JsonText()),
                BodyKind.Multipart => Multipart(),
                _ => Encoding.UTF8.GetBytes(Encode(Form)),
            };
        }

        byte[] Multipart()
        {
            var content = new MultipartFormDataContent("fuzz-boundary");
            foreach (var pair in Form)
                content.Add(new StringContent(pair.Value), pair.Name);
            foreach (var file in Files)
            {
                var part = new ByteArrayContent(file.Bytes);
                part.Headers.TryAddWithoutValidation("Content-Type", file.ContentType);
                part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{file.Name}\"; filename=\"{file.FileName}\"");
                content.Add(part);
            }
            ContentType ??= "multipart/form-data; boundary=fuzz-boundary";
            return content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }

        public FuzzRequest Render(int index)
        {
            var target = PathOverride ?? Path();
            if (Query.Count > 0)
                target += "?" + Encode(Query);
            // Anything but printable ASCII goes escaped: the request line itself stays one a client can send.
            target = string.Concat(target.Select(c => c is > ' ' and < (char)127 ? c.ToString() : Escape(c.ToString())));
            byte[]? body = null;
            var hasBody = Method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE") || RawBody is not null;
            if (hasBody && (Form.Count > 0 || Files.Count > 0 || Json.Count > 0 || RawBody is not null || Body != BodyKind.None))
            {
                body = RenderBody();
                ContentType ??= Body switch
                {
                    BodyKind.Json => "application/json",
                    BodyKind.Multipart => "multipart/form-data; boundary=fuzz-boundary",
                    _ => "application/x-www-form-urlencoded",
                };
            }
            var headers = Headers.ToList();
            if (Cookies.Length > 0)
                headers.Add(("Cookie", Cookies));
            return new FuzzRequest(index, Route, Identity.Name, Method, target, headers, ContentType, body, Notes);
        }
    }

    [GeneratedRegex(@"^regex\(\^\(([^()]*)\)\$\)$")]
    private static partial Regex Alternatives();
}
