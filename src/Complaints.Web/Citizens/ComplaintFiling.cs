using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Files;
using Complaints.Web.Hosting;
using Complaints.Web.Notifications;
using Complaints.Web.Questions;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Citizens;

// What a citizen (or a clerk, or an Open311 client on their behalf) submits.
public sealed class FilingRequest
{
    public ComplaintKind Kind { get; set; } = ComplaintKind.Complaint;
    public Channel Channel { get; set; } = Channel.Web;
    public string? CategoryCode { get; set; }
    public string? DistrictCode { get; set; }
    public string? Description { get; set; }
    public string? Address { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool ConsentToPublish { get; set; }
    public string Language { get; set; } = "fr";
    public List<Upload> Uploads { get; set; } = [];
    // Question code → what was typed or the key chosen, for the category's extra questions.
    public Dictionary<string, string?> Answers { get; set; } = [];
    // The staff API names a code its category does not ask; a form or an Open311 client's extra attribute is ignored.
    public bool RefuseUnknownAnswers { get; set; }
}

// What a filing would be made of, once checked, with the holiday corrections its deadlines count by.
public sealed record CheckedFiling(Category? Category, District? District, List<ComplaintAnswer> Answers,
    IReadOnlyList<StoredHolidayCorrection> HolidayCorrections);

public sealed record Upload(string FileName, long Length, Func<Stream> Open);

public sealed record Filed(Complaint Complaint, string AccessCode);

// Field name → message key, so each caller words the error in its own language or format.
public sealed class FilingErrors : Dictionary<string, string>
{
    public bool Any => Count > 0;
}

public sealed class ComplaintFiling(AppDbContext db, IFileStore files, TimeProvider clock, Notifier notifier,
    VirusScan scan, AccessCodeKey codes, FilingCommit commit)
{
    // Every rule of a filing but the uploads', without filing: callers that found errors of their own name these too.
    public async Task<CheckedFiling> CheckAsync(Commune commune, FilingRequest request, FilingErrors errors, CancellationToken ct)
    {
        // An inactive commune keeps its complaints but takes no new one, by any channel.
        if (!commune.Active)
        {
            errors["Commune"] = "error.commune.inactive";
            return new CheckedFiling(null, null, [], []);
        }
        // Only what the commune still offers: a deactivated category or district, even posted by hand or by an Open311
        // client that listed it earlier, is refused like an unknown one.
        // The holiday corrections come with it (the deadlines are counted from them, read each time so that every
        // instance counts by a correction at once): one round trip instead of two.
        var offered = string.IsNullOrWhiteSpace(request.CategoryCode) ? []
            : await OfferedCategory.For(db)(db, commune.Id, request.CategoryCode).ToListAsync(ct);
        var category = offered.FirstOrDefault()?.Category;
        if (category is not null)
            category.Questions = offered[0].Questions;
        if (string.IsNullOrWhiteSpace(request.CategoryCode))
            errors["Category"] = "error.category.required";
        else if (category is null)
            errors["Category"] = "error.category.unknown";

        District? district = null;
        if (!string.IsNullOrWhiteSpace(request.DistrictCode))
        {
            district = await db.Districts.AsNoTracking()
                .SingleOrDefaultAsync(d => d.CommuneId == commune.Id && d.Code == request.DistrictCode && d.Active, ct);
            if (district is null)
                errors["District"] = "error.district.unknown";
        }

        FilingValidation.Check(request, errors);
        // Only the chosen category's questions are asked.
        var answers = category is null ? [] : QuestionRules.CheckAnswers(category.Questions, request.Answers, request.RefuseUnknownAnswers, errors);
        return new CheckedFiling(category, district, answers, [.. offered.Select(o => o.HolidayCorrection).OfType<StoredHolidayCorrection>()]);
    }

    // The category once per holiday correction (once with none when there is none), its active questions with it.
    sealed record Offered(Category Category, List<CategoryQuestion> Questions, StoredHolidayCorrection? HolidayCorrection);

    static readonly PerModel<Func<AppDbContext, int, string, IAsyncEnumerable<Offered>>> OfferedCategory = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, int commune, string code) =>
            from c in context.Categories.AsNoTracking()
            where c.CommuneId == commune && c.Code == code && c.Active
            from h in context.HolidayCorrections.AsNoTracking().DefaultIfEmpty()
            select new Offered(c, c.Questions.Where(q => q.Active).ToList(), h)));

    public async Task<(Filed? Filed, FilingErrors Errors)> FileAsync(Commune commune, FilingRequest request, string actor, CancellationToken ct)
    {
        var errors = new FilingErrors();
        var (category, district, answers, corrections) = await CheckAsync(commune, request, errors, ct);
        var checkedUploads = await FilingValidation.CheckUploadsAsync(request.Uploads, errors, scan, ct);
        if (errors.Any)
            return (null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var code = AccessCode.Generate();
        var submission = new Submission(request.Kind, request.Channel, request.Description!.Trim(), Clean(request.Address),
            request.Latitude, request.Longitude,
            new Complainant
            {
                FirstName = Clean(request.FirstName),
                LastName = Clean(request.LastName),
                Email = Clean(request.Email),
                Phone = Clean(request.Phone),
            },
            request.ConsentToPublish, Localization.Supported(request.Language), answers);
        var complaint = Complaint.File(commune, category!, district, submission, codes.Hash(code), actor, now,
            ComplaintClock.For(commune, category!, corrections));

        var stored = new List<string>();
        try
        {
            foreach (var (upload, kind, bytes) in checkedUploads)
            {
                var attachment = await StoredAttachments.SaveAsync(files, commune.Code, complaint.Year, upload, kind, bytes, now, ct);
                stored.Add(attachment.StorageKey);
                complaint.Attachments.Add(attachment);
            }

            // The number, the complaint and its receipt are written in one transaction, shared with the commune's
            // other filings of the moment (FilingCommit): no gap, no duplicate, and the receipt leaves with the
            // complaint or not at all.
            var receipt = await notifier.ReceiptLaterAsync(complaint, commune, category!, ct);
            await commit.WriteAsync(new FilingCommit.Pending(complaint, commune.ReferencePrefix, receipt));
        }
        catch
        {
            foreach (var key in stored)
                await files.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        return (new Filed(complaint, code), errors);
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public static class ReferenceNumbers
{
    // An atomic increment on both databases, in one statement (a commune's first filing of the year makes its row):
    // concurrent transactions never share a number, and the row stays locked until the caller's transaction ends.
    // Takes `count` numbers at once and returns the last of them.
    public static async Task<int> TakeAsync(AppDbContext db, int communeId, int year, int count, CancellationToken ct)
    {
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO "ReferenceCounters" ("CommuneId", "Year", "Last") VALUES ({communeId}, {year}, {count})
            ON CONFLICT ("CommuneId", "Year") DO UPDATE SET "Last" = "ReferenceCounters"."Last" + {count}
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return numbers.Single();
    }
}
