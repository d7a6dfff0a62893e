using System.ComponentModel;
using System.Text.Json;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// How the staff API says no: problem details (RFC 9457), worded in the caller's language.
public static class ApiProblems
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IResult NotFound(IStringLocalizer l) =>
        TypedResults.Problem(l["api.notfound"], statusCode: StatusCodes.Status404NotFound, title: l["api.notfound.title"]);

    public static IResult Forbidden(IStringLocalizer l) =>
        TypedResults.Problem(l["api.forbidden"], statusCode: StatusCodes.Status403Forbidden, title: l["api.forbidden.title"]);

    // A code (or another unique value) already taken: nothing was created. `message` says which.
    public static IResult Duplicate(IStringLocalizer l, string message) =>
        TypedResults.Problem(l[message], statusCode: StatusCodes.Status409Conflict, title: l["api.duplicate.title"]);

    public static IResult Invalid(IStringLocalizer l, IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { (string)l[e.Value] }), title: l["api.invalid.title"]);

    // The same for rules that may give a field several messages.
    public static IResult Invalid(IStringLocalizer l, IReadOnlyDictionary<string, List<string>> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.Select(m => (string)l[m]).ToArray()), title: l["api.invalid.title"]);

    public static IResult Illegal(IStringLocalizer l, string move, ComplaintStatus status, IReadOnlyList<Move> allowed) =>
        TypedResults.Problem(
            string.Format(System.Globalization.CultureInfo.CurrentCulture, l["api.illegal"], move, status.Wire(),
                allowed.Count == 0 ? "—" : string.Join(", ", allowed.Select(m => m.Wire()))),
            statusCode: StatusCodes.Status409Conflict,
            title: l["api.illegal.title"],
            extensions: new Dictionary<string, object?>
            {
                ["complaintStatus"] = status.Wire(),
                ["allowedMoves"] = allowed.Select(m => m.Wire()).ToArray(),
            });

    public static IResult Stale(IStringLocalizer l, Complaint current) =>
        TypedResults.Problem(l["api.stale"], statusCode: StatusCodes.Status409Conflict, title: l["api.stale.title"],
            extensions: new Dictionary<string, object?>
            {
                ["currentVersion"] = current.Version,
                ["complaintStatus"] = current.Status.Wire(),
            });

    // `move` names the endpoint's action when it is not one move (qualify is assign or reject).
    public static IResult From(MoveResult result, IStringLocalizer l, Func<Complaint, IResult> done, string? move = null) => result switch
    {
        MoveResult.Done d => done(d.Complaint),
        MoveResult.NotFound => NotFound(l),
        MoveResult.Forbidden => Forbidden(l),
        MoveResult.Stale s => Stale(l, s.Current),
        MoveResult.Illegal i => Illegal(l, move ?? i.Move.Wire(), i.Status, i.Allowed),
        MoveResult.Invalid v => Invalid(l, v.Errors),
        _ => throw new InvalidOperationException(result.GetType().Name),
    };

    // Reads a JSON body; a malformed one names the field that could not be read.
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, IStringLocalizer l) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Invalid(l, new Dictionary<string, string> { ["body"] = "error.body.json" }));
        try
        {
            var body = await request.ReadFromJsonAsync<T>(Json, request.HttpContext.RequestAborted);
            return body is null ? (null, Invalid(l, new Dictionary<string, string> { ["body"] = "error.body.json" })) : (body, null);
        }
        catch (JsonException e)
        {
            // Broken JSON (the reader's own error) is the body's fault, whatever property it stopped in.
            var broken = e.InnerException?.GetType().Name == "JsonReaderException";
            var field = broken || string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Invalid(l, new Dictionary<string, string> { [field] = "error.value.invalid" }));
        }
        catch (InvalidOperationException)
        {
            // A charset no encoding answers to (application/json; charset=nonsense): the body cannot be read.
            return (null, Invalid(l, new Dictionary<string, string> { ["body"] = "error.body.json" }));
        }
    }

    // The version a client read, from If-Match ("12" or W/"12"), so a stale write is refused.
    public static int? ExpectedVersion(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
            value = value[2..];
        return int.TryParse(value.Trim('"'), out var v) ? v : null;
    }
}

// The 409 of a move, as Illegal and Stale write it: an illegal move names the moves allowed now; an If-Match
// older than the complaint gives the version to read again.
public sealed record MoveConflictProblem(
    string Type, string Title, int Status, string Detail,
    [property: Description("The complaint's status now.")] string ComplaintStatus,
    [property: Description("When the life cycle refuses the move: the moves it allows now.")] IReadOnlyList<string>? AllowedMoves = null,
    [property: Description("When If-Match was stale: the complaint's version now.")] int? CurrentVersion = null);
