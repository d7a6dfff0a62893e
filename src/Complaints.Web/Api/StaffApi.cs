using System.ComponentModel;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Api;

// The staff API (docs/staff-api.md): the same actions as the pages, through ComplaintActions.
public static class StaffApi
{
    // Parameters with a default are optional in the document; the others are refused when missing.
    public sealed record QualifyRequest(bool? Admissible, string? Category = null, string? Reason = null, string? Letter = null);
    public sealed record AssignRequest(string? Service, string? Instructions = null);
    public sealed record TextRequest(string? Text);
    public sealed record ResponseRequest(string? Text, bool Definitive = false);
    public sealed record ReasonRequest(string? Reason);
    public sealed record CategoryRequest(string? Category);
    public sealed record IntakeRequest(string? Commune, string? Category, string? Description,
        [property: Description("counter (the default), phone or letter")] string? Channel = null,
        [property: Description("complaint (the default), observation or suggestion")] string? Kind = null,
        string? District = null, string? Address = null, double? Latitude = null, double? Longitude = null,
        [property: Description("fr (the default) or ar")] string? Language = null, bool ConsentToPublish = false,
        ComplainantDetails? Complainant = null,
        [property: Description("The category's extra questions (GET /api/v1/communes/{code}/categories/{category}/questions): "
            + "code → the text typed, the number, or the key of the value chosen.")] Dictionary<string, string?>? Answers = null);

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        // Beyond its request limit (docs/security.md), a caller gets 429 as problem details.
        var api = app.MapGroup("/api/v1").WithTags("Staff")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        api.MapAuthApi();

        // Without a valid bearer token: 401 with no body, from the authentication handler.
        var staff = api.MapGroup("").RequireAuthorization(Authentication.StaffApi).RequireRateLimiting(RateLimits.StaffApi)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(void)));
        staff.MapCommuneAdminApi();
        staff.MapOrganisationApi();
        staff.MapQuestionsApi();
        staff.MapStaffUsersApi();
        staff.MapStaffStats();
        staff.MapApiKeysApi();
        staff.MapAuditApi();
        var complaints = staff.MapGroup("/complaints").WithTags("Complaints");

        complaints.MapGet("", async (HttpContext http, Inbox inbox, IStringLocalizer<SharedResource> l, CancellationToken ct,
            string? commune, string? status, string? category, string? service, string? district, string? channel, string? q,
            string? overdue, string? page, string? pageSize, string? sort) =>
        {
            // Query values are read as text so that a bad one is named like any other bad field.
            var errors = new Dictionary<string, string>();
            bool? overdueFlag = null;
            if (!string.IsNullOrEmpty(overdue))
            {
                if (bool.TryParse(overdue, out var flag))
                    overdueFlag = flag;
                else
                    errors["overdue"] = "error.value.invalid";
            }
            var pageNumber = 1;
            if (!string.IsNullOrEmpty(page) && !int.TryParse(page, out pageNumber))
                errors["page"] = "error.page.invalid";
            var size = 25;
            if (!string.IsNullOrEmpty(pageSize) && !int.TryParse(pageSize, out size))
                errors["pageSize"] = "error.pagesize.invalid";
            InboxSort? order = sort switch
            {
                null or "" or "deadline" => InboxSort.Deadline,
                "-deadline" => InboxSort.DeadlineDesc,
                "filed" => InboxSort.Filed,
                "-filed" => InboxSort.FiledDesc,
                "reference" => InboxSort.Reference,
                _ => null,
            };
            if (order is null)
                errors["sort"] = "error.value.invalid";
            var filter = new InboxFilter
            {
                Commune = commune, Status = status, Category = category, Service = service, District = district, Channel = channel,
                Q = q, Overdue = overdueFlag,
                Page = errors.ContainsKey("page") ? 1 : pageNumber,
                PageSize = errors.ContainsKey("pageSize") ? 25 : size,
                Sort = order ?? InboxSort.Deadline,
            };
            var (result, inboxErrors) = await inbox.ListAsync(Scope(http), filter, ct);
            foreach (var (field, key) in inboxErrors)
                errors[field] = key;
            if (result is null || errors.Count > 0)
                return ApiProblems.Invalid(l, errors);
            var today = inbox.Today;
            return TypedResults.Ok(new ComplaintList(
                [.. result.Rows.Select(r => ComplaintSummary.From(r, today))], result.Total, result.Page, result.PageSize));
        })
        .WithName("ListComplaints")
        .WithSummary("Complaints the caller may see, filtered, sorted (deadline, -deadline, filed, -filed, reference) and paged.")
        .Produces<ComplaintList>()
        .Refuses(400);

        complaints.MapGet("/{reference}", async (string reference, HttpContext http, ComplaintActions actions, AuditLog audit,
            Inbox inbox, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var scope = Scope(http);
            var complaint = await actions.FindAsync(scope, reference, ct);
            if (complaint is null)
                return ApiProblems.NotFound(l);
            if (scope.ReadsPersonalData)
                await audit.RecordNowAsync(scope, AuditActions.ReadPersonalData, complaint.CommuneId, complaint.Id, "api");
            http.Response.Headers.ETag = $"\"{complaint.Version}\"";
            return TypedResults.Ok(ComplaintDetail.From(complaint, scope, inbox.Today));
        })
        .WithName("GetComplaint")
        .WithSummary("One complaint with its timeline; the ETag is the version to send back in If-Match.")
        .Produces<ComplaintDetail>()
        .Refuses(404);

        complaints.MapGet("/{reference}/attachments/{id:long}", DownloadAsync)
            .WithName("GetAttachment")
            .WithSummary("One attachment's file, for staff who may read the complaint's attachments; each download is audited.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream", "image/jpeg", "image/png", "image/webp", "application/pdf")
            .Refuses(403, 404);

        complaints.MapPost("/{reference}/attachments", AttachAsync)
            .WithName("AddAttachment")
            .WithSummary($"Adds documents (the form's `file` parts, up to {Limits.MaxAttachments} at once, {Limits.MaxAttachmentsPerComplaint} per complaint), checked and cleaned like the citizen's; staff only.")
            .Reads<AttachmentUpload>("multipart/form-data")
            .Produces<IReadOnlyList<AttachmentInfo>>(StatusCodes.Status201Created)
            .Refuses(400, 403, 404, 409)
            .DisableAntiforgery();

        complaints.MapPost("", Intake)
            .WithName("FileComplaint")
            .WithSummary("Intake by staff for a citizen at the counter, by phone or by letter.")
            .Reads<IntakeRequest>()
            .Produces<FiledComplaint>(StatusCodes.Status201Created)
            .Refuses(400, 403);

        MapMove<QualifyRequest>(complaints, "/{reference}/qualify", "Qualify", (a, s, r, v, b, ct) =>
            b.Admissible is null
                ? Task.FromResult<MoveResult>(new MoveResult.Invalid(new Dictionary<string, string> { ["admissible"] = "error.value.required" }))
                : a.QualifyAsync(s, r, v, b.Admissible.Value, b.Category, b.Reason, b.Letter, ct), illegalName: "qualify");
        MapMove<AssignRequest>(complaints, "/{reference}/assign", "Assign", (a, s, r, v, b, ct) => a.AssignAsync(s, r, v, b.Service, b.Instructions, ct));
        MapMove<TextRequest>(complaints, "/{reference}/notes", "AddNote", (a, s, r, v, b, ct) => a.NoteAsync(s, r, v, b.Text, ct));
        MapMove<ResponseRequest>(complaints, "/{reference}/responses", "Respond", (a, s, r, v, b, ct) => a.RespondAsync(s, r, v, b.Text, b.Definitive, ct));
        MapMove<ResponseRequest>(complaints, "/{reference}/proposals", "Propose", (a, s, r, v, b, ct) => a.ProposeAsync(s, r, v, b.Text, b.Definitive, ct));
        MapMove<TextRequest>(complaints, "/{reference}/information-requests", "RequestInformation", (a, s, r, v, b, ct) => a.RequestInformationAsync(s, r, v, b.Text, ct));
        MapMove<CategoryRequest>(complaints, "/{reference}/category", "Recategorize", (a, s, r, v, b, ct) => a.RecategorizeAsync(s, r, v, b.Category, ct));
        MapMove<ReasonRequest>(complaints, "/{reference}/start", "Start", (a, s, r, v, _, ct) => a.StartAsync(s, r, v, ct), bodyOptional: true);
        MapMove<ReasonRequest>(complaints, "/{reference}/close", "Close", (a, s, r, v, b, ct) => a.CloseAsync(s, r, v, b.Reason, ct));
        MapMove<ReasonRequest>(complaints, "/{reference}/reopen", "Reopen", (a, s, r, v, b, ct) => a.ReopenAsync(s, r, v, b.Reason, ct));
        return app;
    }

    delegate Task<MoveResult> MoveCall<TBody>(ComplaintActions actions, StaffScope scope, string reference, int? version, TBody body, CancellationToken ct);

    static void MapMove<TBody>(RouteGroupBuilder group, string pattern, string name, MoveCall<TBody> call, bool bodyOptional = false,
        string? illegalName = null)
        where TBody : class
    {
        group.MapPost(pattern, async (string reference, HttpContext http, ComplaintActions actions, Inbox inbox,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            TBody? body = null;
            if (!bodyOptional || http.Request.ContentLength > 0)
            {
                var (read, error) = await ApiProblems.ReadAsync<TBody>(http.Request, l);
                if (error is not null)
                    return error;
                body = read;
            }
            var scope = Scope(http);
            var result = await call(actions, scope, reference, ApiProblems.ExpectedVersion(http.Request), body!, ct);
            return ApiProblems.From(result, l, c =>
            {
                http.Response.Headers.ETag = $"\"{c.Version}\"";
                return TypedResults.Ok(ComplaintDetail.From(c, scope, inbox.Today));
            }, illegalName);
        })
        .WithName(name)
        .WithSummary($"{name}: answers the complaint as it now is; 409 with the allowed moves when the life cycle refuses.")
        .Reads<TBody>(optional: bodyOptional)
        .Produces<ComplaintDetail>()
        .Refuses(400, 403, 404, 409);
    }

    // The multipart form of an upload, for the document: one or more `file` parts.
    public sealed record AttachmentUpload([property: Description("JPEG, PNG, WebP or PDF; 5 MB each at most.")] IFormFile File);

    static async Task<IResult> DownloadAsync(string reference, long id, HttpContext http, ComplaintActions actions,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (file, refused) = await actions.OpenAttachmentAsync(Scope(http), reference, id, ct);
        return file is null
            ? refused is MoveResult.Forbidden ? ApiProblems.Forbidden(l) : ApiProblems.NotFound(l)
            : TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    static async Task<IResult> AttachAsync(string reference, HttpContext http, ComplaintActions actions,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var scope = Scope(http);
        if (await actions.FindAsync(scope, reference, ct) is null)
            return ApiProblems.NotFound(l);
        if (!scope.MayAct)
            return ApiProblems.Forbidden(l);
        var missing = ApiProblems.Invalid(l, new Dictionary<string, string> { ["file"] = "error.file.required" });
        if (!http.Request.HasFormContentType)
            return missing;
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A multipart body cut short, without parts or with another boundary: no file to read.
            return missing;
        }
        var uploads = form.Files.Where(f => f.Name == "file").Select(f => new Upload(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var (result, added) = await actions.AttachAsync(scope, reference, ApiProblems.ExpectedVersion(http.Request), uploads, ct);
        return ApiProblems.From(result, l, c =>
        {
            http.Response.Headers.ETag = $"\"{c.Version}\"";
            return TypedResults.Created($"/api/v1/complaints/{c.Reference}/attachments/{added[0].Id}",
                added.Select(AttachmentInfo.From).ToList());
        });
    }

    static async Task<IResult> Intake(HttpContext http, AppDbContext db, ComplaintFiling filing, AuditLog audit,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (body, error) = await ApiProblems.ReadAsync<IntakeRequest>(http.Request, l);
        if (error is not null)
            return error;
        var scope = Scope(http);
        var commune = await CommunesApi.VisibleCommuneAsync(body!.Commune, http, db, ct);
        if (commune is null)
            return ApiProblems.Invalid(l, new Dictionary<string, string> { ["commune"] = body!.Commune is null ? "error.value.required" : "error.commune.unknown" });
        if (!scope.MayFile)
            return ApiProblems.Forbidden(l);
        var errors = new Dictionary<string, string>();
        var channel = Enum.GetValues<Channel>().Where(c => c.Wire() == (body!.Channel ?? "counter")).Cast<Channel?>().FirstOrDefault();
        if (channel is null or Channel.Web or Channel.Api)
            errors["channel"] = "error.channel.intake";
        var kind = Enum.GetValues<ComplaintKind>().Where(k => k.Wire() == (body!.Kind ?? "complaint")).Cast<ComplaintKind?>().FirstOrDefault();
        if (kind is null)
            errors["kind"] = "error.value.invalid";
        var language = body!.Language ?? "fr";
        if (!Localization.Languages.Contains(language))
            errors["language"] = "error.value.invalid";
        var request = new FilingRequest
        {
            Kind = kind ?? ComplaintKind.Complaint,
            Channel = channel ?? Channel.Counter,
            CategoryCode = body.Category,
            DistrictCode = body.District,
            Description = body.Description,
            Address = body.Address,
            Latitude = body.Latitude,
            Longitude = body.Longitude,
            FirstName = body.Complainant?.FirstName,
            LastName = body.Complainant?.LastName,
            Email = body.Complainant?.Email,
            Phone = body.Complainant?.Phone,
            ConsentToPublish = body.ConsentToPublish,
            Language = language,
            Answers = body.Answers ?? [],
            RefuseUnknownAnswers = true,
        };
        if (errors.Count > 0)
        {
            // Name every bad field at once: the filing's own rules too, checked without filing.
            var more = new FilingErrors();
            await filing.CheckAsync(commune, request, more, ct);
            foreach (var (field, key) in more)
                errors[FieldName(field)] = key;
            return ApiProblems.Invalid(l, errors);
        }
        var (filed, filingErrors) = await filing.FileAsync(commune, request, scope.Email, ct);
        if (filed is null)
            return ApiProblems.Invalid(l, filingErrors.ToDictionary(e => FieldName(e.Key), e => e.Value));
        await audit.RecordNowAsync(scope, AuditActions.Intake, commune.Id, filed.Complaint.Id, request.Channel.Wire());
        return TypedResults.Created($"/api/v1/complaints/{filed.Complaint.Reference}",
            new FiledComplaint(filed.Complaint.Reference, filed.AccessCode, filed.Complaint.ResponseDueOn));
    }

    // The filing's field names, as the intake body spells them: the complainant's are nested.
    static string FieldName(string filingField) => filingField switch
    {
        "FirstName" or "LastName" or "Email" or "Phone" => "complainant." + char.ToLowerInvariant(filingField[0]) + filingField[1..],
        _ => char.ToLowerInvariant(filingField[0]) + filingField[1..],
    };

    static StaffScope Scope(HttpContext http) =>
        StaffScope.From(http.User) ?? throw new InvalidOperationException("The staff policy let an unscoped user through.");
}
