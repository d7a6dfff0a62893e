using System.Text.RegularExpressions;
using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// A new commune as the platform administrator describes it; Template is StandardTemplate.Standard or .Empty.
public sealed record CommuneDraft(string? Code, string? NameFr, string? NameAr, string? ReferencePrefix, string? ContactEmail, string? Template);

// What changes on a commune: null leaves a field as it is; an empty ContactEmail or HostName removes it.
public sealed record CommuneChanges(
    string? NameFr = null, string? NameAr = null, string? ContactEmail = null, bool? Active = null,
    int? PersonalDataRetentionMonths = null, string? HostName = null);

// The outcome of a change to a commune; the field names are the API's, the values message keys.
public abstract record CommuneResult
{
    public sealed record Done(Commune Commune) : CommuneResult;
    public sealed record NotFound : CommuneResult;
    public sealed record Forbidden : CommuneResult;
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : CommuneResult;
    // A code, prefix or host name another commune already has.
    public sealed record Duplicate(string Field, string Error) : CommuneResult;
}

// One path for creating and changing communes, for the admin page and the API: role, validation, uniqueness, audit.
// Only the platform administrator creates communes, switches them on or off and gives them a host name; a commune
// administrator words their own commune's names, contact address and retention.
public sealed partial class CommuneAdministration(AppDbContext db, IFileStore files, AuditLog audit, VirusScan scan, IHttpContextAccessor http)
{
    public const int PrefixMin = 2;
    public const int PrefixMax = 8;
    // A logo is printed a few centimetres wide: a megabyte is plenty.
    public const long LogoMaxBytes = 1024 * 1024;

    [GeneratedRegex("^[A-Z]{2,8}$")]
    private static partial Regex PrefixPattern();

    // Lower-case DNS labels joined by dots, at least two of them (reclamations.sefrou.ma).
    [GeneratedRegex("^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostPattern();

    // The communes this member of staff may see: all for the platform administrator, their own for everyone else.
    public Task<List<Commune>> VisibleAsync(StaffScope scope, CancellationToken ct) =>
        db.Communes.AsNoTracking().Where(c => scope.IsPlatformAdmin || c.Id == scope.CommuneId).OrderBy(c => c.NameFr).ToListAsync(ct);

    public async Task<CommuneResult> CreateAsync(StaffScope scope, CommuneDraft draft, CancellationToken ct)
    {
        if (!scope.IsPlatformAdmin)
            return new CommuneResult.Forbidden();
        var errors = new Dictionary<string, string>();
        var code = draft.Code?.Trim() ?? "";
        if (code.Length == 0)
            errors["code"] = "error.value.required";
        else if (!ItemCode.IsValid(code))
            errors["code"] = "error.commune.code";
        var nameFr = CheckName(draft.NameFr, "nameFr", errors);
        var nameAr = CheckName(draft.NameAr, "nameAr", errors);
        var prefix = draft.ReferencePrefix?.Trim().ToUpperInvariant() ?? "";
        if (prefix.Length == 0)
            errors["referencePrefix"] = "error.value.required";
        else if (!PrefixPattern().IsMatch(prefix))
            errors["referencePrefix"] = "error.commune.prefix";
        var email = CheckEmail(draft.ContactEmail, errors);
        var template = string.IsNullOrWhiteSpace(draft.Template) ? StandardTemplate.Empty : draft.Template.Trim();
        if (!StandardTemplate.Names.Contains(template))
            errors["template"] = "error.commune.template";
        if (errors.Count > 0)
            return new CommuneResult.Invalid(errors);
        if (await db.Communes.AnyAsync(c => c.Code == code, ct))
            return new CommuneResult.Duplicate("code", "error.commune.code.taken");
        if (await db.Communes.AnyAsync(c => c.ReferencePrefix == prefix, ct))
            return new CommuneResult.Duplicate("referencePrefix", "error.commune.prefix.taken");

        var commune = new Commune { Code = code, NameFr = nameFr!, NameAr = nameAr!, ReferencePrefix = prefix, ContactEmail = email };
        db.Communes.Add(commune);
        await db.SaveChangesAsync(ct);
        if (template == StandardTemplate.Standard)
            await StandardTemplate.ApplyToAsync(db, commune, ct);
        await audit.RecordNowAsync(scope, AuditActions.CommuneCreated, commune.Id, details: $"{code} {prefix} {template}");
        return new CommuneResult.Done(commune);
    }

    public async Task<CommuneResult> UpdateAsync(StaffScope scope, string code, CommuneChanges changes, CancellationToken ct)
    {
        if (!scope.ManagesUsers)
            return new CommuneResult.Forbidden();
        var commune = await db.Communes.SingleOrDefaultAsync(c => c.Code == code && (scope.IsPlatformAdmin || c.Id == scope.CommuneId), ct);
        if (commune is null)
        {
            await ReachRefusals.CommuneAsync(http.HttpContext, scope, code, ct);
            return new CommuneResult.NotFound();
        }
        // Switching a commune on or off and its host name are the platform's, not the commune's, to decide.
        if (!scope.IsPlatformAdmin && (changes.Active is not null || changes.HostName is not null))
            return new CommuneResult.Forbidden();

        var errors = new Dictionary<string, string>();
        var nameFr = changes.NameFr is null ? null : CheckName(changes.NameFr, "nameFr", errors);
        var nameAr = changes.NameAr is null ? null : CheckName(changes.NameAr, "nameAr", errors);
        var email = changes.ContactEmail is null ? null : CheckEmail(changes.ContactEmail, errors) ?? "";
        if (changes.PersonalDataRetentionMonths is < 0 or > Commune.MaxRetentionMonths)
            errors["personalDataRetentionMonths"] = "error.commune.retention";
        var host = changes.HostName?.Trim().ToLowerInvariant().TrimEnd('.');
        if (!string.IsNullOrEmpty(host) && !HostPattern().IsMatch(host))
            errors["hostName"] = "error.commune.host";
        if (errors.Count > 0)
            return new CommuneResult.Invalid(errors);
        if (!string.IsNullOrEmpty(host) && await db.Communes.AnyAsync(c => c.HostName == host && c.Id != commune.Id, ct))
            return new CommuneResult.Duplicate("hostName", "error.commune.host.taken");

        var said = new List<string>();
        // Each field given and different is set and named in the audit, with what it was.
        void Set(string name, object? value, object current, Action apply)
        {
            if (value is null || value.Equals(current))
                return;
            said.Add($"{name} {(current is "" ? "none" : current)}→{(value is "" ? "none" : value)}");
            apply();
        }
        Set("nameFr", nameFr, commune.NameFr, () => commune.NameFr = nameFr!);
        Set("nameAr", nameAr, commune.NameAr, () => commune.NameAr = nameAr!);
        Set("contactEmail", email, commune.ContactEmail ?? "", () => commune.ContactEmail = email!.Length == 0 ? null : email);
        Set("active", changes.Active, commune.Active, () => commune.Active = changes.Active!.Value);
        Set("retention", changes.PersonalDataRetentionMonths, commune.PersonalDataRetentionMonths,
            () => commune.PersonalDataRetentionMonths = changes.PersonalDataRetentionMonths!.Value);
        Set("hostName", host, commune.HostName ?? "", () => commune.HostName = host!.Length == 0 ? null : host);
        if (said.Count > 0)
            audit.Record(scope, AuditActions.CommuneChanged, commune.Id, details: string.Join("; ", said));
        await db.SaveChangesAsync(ct);
        return new CommuneResult.Done(commune);
    }

    // The logo printed on receipts and letters: a PNG or JPEG judged by its content and encoded again, as photos are.
    public async Task<CommuneResult> SetLogoAsync(StaffScope scope, string code, Upload? upload, CancellationToken ct)
    {
        if (!scope.IsPlatformAdmin)
            return new CommuneResult.Forbidden();
        var commune = await db.Communes.SingleOrDefaultAsync(c => c.Code == code, ct);
        if (commune is null)
            return new CommuneResult.NotFound();
        if (upload is null || upload.Length == 0)
            return Refused("error.file.required");
        if (upload.Length > LogoMaxBytes)
            return Refused("error.commune.logo.size");
        var content = await FilingValidation.ReadAsync(upload, ct);
        if (await scan.CheckAsync(content, ct) is { } refused)
            return Refused(refused);
        var kind = FileSignature.Detect(content.AsSpan(0, Math.Min(16, content.Length)));
        if (kind != FileSignature.Png && kind != FileSignature.Jpeg)
            return Refused("error.commune.logo.type");
        var cleaned = UploadCleaner.Clean(content, kind);
        if (cleaned.Error is { } error)
            return Refused(error);

        var previous = commune.LogoStorageKey;
        var key = $"logos/{commune.Id}-{Guid.NewGuid():N}{kind.Extension}";
        using (var bytes = new MemoryStream(cleaned.Bytes!))
            await files.SaveAsync(key, bytes, ct);
        commune.LogoStorageKey = key;
        commune.LogoContentType = kind.ContentType;
        audit.Record(scope, AuditActions.CommuneChanged, commune.Id, details: $"logo {kind.ContentType} {cleaned.Bytes!.Length} bytes");
        await db.SaveChangesAsync(ct);
        if (previous is not null)
            await files.DeleteAsync(previous, ct);
        return new CommuneResult.Done(commune);

        static CommuneResult Refused(string key) => new CommuneResult.Invalid(new Dictionary<string, string> { ["logo"] = key });
    }

    static string? CheckName(string? name, string field, Dictionary<string, string> errors)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            errors[field] = "error.value.required";
        else if (trimmed.Length > ItemCode.NameMax)
            errors[field] = "error.commune.name.long";
        return trimmed;
    }

    // Null when none was given (or an empty one); the address, trimmed, when it is one that mail can go to.
    static string? CheckEmail(string? email, Dictionary<string, string> errors)
    {
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length > 0 && !FilingValidation.IsEmail(trimmed))
            errors["contactEmail"] = "error.email.invalid";
        return trimmed.Length == 0 ? null : trimmed;
    }
}
