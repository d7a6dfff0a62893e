using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static Complaints.Web.Import.ImportColumns;

namespace Complaints.Web.Import;

// One row of a sheet, its cells in the order of its kind's columns.
public sealed record ImportRow(int Number, string[] Cells)
{
    public string Get(ImportKind kind, string column) => Cells[Of(kind).ToList().IndexOf(column)];

    // The sheet's rows, each cell put under its column whatever the sheet's order.
    public static List<ImportRow> From(Sheet sheet, int[] positions) =>
        sheet.Rows.Select(r => new ImportRow(r.Number, positions.Select(p => p >= 0 && p < r.Cells.Count ? r.Cells[p] : "").ToArray())).ToList();
}

public enum RowOutcome { New, Update, Unchanged, Error }

// What is wrong with one cell: its column, a resource key and the key's arguments.
public sealed record RowProblem(string Column, string Key, params object[] Args);

public sealed record CheckedRow(ImportRow Row, RowOutcome Outcome, IReadOnlyList<RowProblem> Problems);

public sealed record ImportCounts(int New, int Updated, int Unchanged, int Skipped)
{
    public static ImportCounts Of(IReadOnlyCollection<CheckedRow> rows) => new(
        rows.Count(r => r.Outcome == RowOutcome.New), rows.Count(r => r.Outcome == RowOutcome.Update),
        rows.Count(r => r.Outcome == RowOutcome.Unchanged), rows.Count(r => r.Outcome == RowOutcome.Error));

    public int Written => New + Updated;
}

// Checks a commune's sheet row by row against the database and writes its good rows. Each kind has one function that
// says what a row would do (new, update, unchanged or the problems of each cell) and one that does it.
public static class CommuneImport
{
    // A category's description: the length of its column.
    const int DescriptionMax = 1000;

    public static async Task<List<CheckedRow>> CheckAsync(AppDbContext db, UserManager<StaffUser> users, StaffScope importer, Commune commune,
        ImportKind kind, IReadOnlyList<ImportRow> rows, CancellationToken ct) =>
        (await CheckAllAsync(db, users, importer, commune, kind, rows, ct)).Rows;

    static async Task<(List<CheckedRow> Rows, Existing Existing)> CheckAllAsync(AppDbContext db, UserManager<StaffUser> users, StaffScope importer,
        Commune commune, ImportKind kind, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var existing = await Existing.LoadAsync(db, users, commune, kind, rows, ct);
        // A code or an e-mail address met earlier in the sheet, with the row that had it.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var checkedRows = rows.Select(row =>
        {
            var problems = new List<RowProblem>();
            var outcome = kind switch
            {
                ImportKind.Services => CheckService(row, existing, seen, problems),
                ImportKind.Districts => CheckDistrict(row, existing, seen, problems),
                ImportKind.Categories => CheckCategory(row, existing, seen, problems),
                _ => CheckStaff(row, importer, existing, seen, problems, users),
            };
            return new CheckedRow(row, problems.Count > 0 ? RowOutcome.Error : outcome, problems);
        }).ToList();
        return (checkedRows, existing);
    }

    // The rows that a preview would write or leave as they are.
    public static List<int> Good(IEnumerable<CheckedRow> rows) => rows.Where(r => r.Outcome != RowOutcome.Error).Select(r => r.Row.Number).ToList();

    // Checks the rows again (the database may have changed since the preview) and writes the good ones in one
    // transaction with one audit entry. Nothing is written (Written false) if other rows are good now than were
    // previewed as good, or if one fails at the last moment: the rows come back as they stand now.
    public static async Task<(List<CheckedRow> Rows, bool Written)> WriteAsync(AppDbContext db, UserManager<StaffUser> users, StaffMail mail, AuditLog audit,
        StaffScope importer, Commune commune, ImportKind kind, IReadOnlyList<ImportRow> rows, IReadOnlyList<int> previewedGood, CancellationToken ct)
    {
        return await db.InTransactionAsync(async tx =>
        {
            var (checkedRows, existing) = await CheckAllAsync(db, users, importer, commune, kind, rows, ct);
            if (!Good(checkedRows).SequenceEqual(previewedGood))
                return (checkedRows, false);
            var order = kind switch
            {
                ImportKind.Services => existing.Services.Values.Select(s => s.SortOrder).DefaultIfEmpty().Max(),
                ImportKind.Districts => existing.Districts.Values.Select(d => d.SortOrder).DefaultIfEmpty().Max(),
                ImportKind.Categories => existing.Categories.Values.Select(c => c.SortOrder).DefaultIfEmpty().Max(),
                _ => 0,
            };
            foreach (var r in checkedRows.Where(r => r.Outcome is RowOutcome.New or RowOutcome.Update))
            {
                switch (kind)
                {
                    case ImportKind.Services:
                        WriteService(db, commune, r.Row, existing, ++order);
                        break;
                    case ImportKind.Districts:
                        WriteDistrict(db, commune, r.Row, existing, ++order);
                        break;
                    case ImportKind.Categories:
                        WriteCategory(db, commune, r.Row, existing, ++order);
                        break;
                    default:
                        // Refused at the last moment (an address taken meanwhile): that row says why, nothing is kept.
                        if (await WriteStaffAsync(db, users, mail, commune, r.Row, ct) is { Count: > 0 } refused)
                        {
                            await tx.RollbackAsync(ct);
                            db.ChangeTracker.Clear();
                            return (checkedRows.Select(c => c == r ? c with { Outcome = RowOutcome.Error, Problems = refused } : c).ToList(), false);
                        }
                        break;
                }
            }
            var counts = ImportCounts.Of(checkedRows);
            audit.Record(importer, AuditActions.SheetImported, commune.Id,
                details: $"{Wire(kind)}: {counts.New} new, {counts.Updated} updated, {counts.Unchanged} unchanged, {counts.Skipped} skipped");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (checkedRows, true);
        }, ct);
    }

    // Services: a code and a name in each language; the same code names the same service, whose names are updated.
    static RowOutcome CheckService(ImportRow row, Existing existing, Dictionary<string, int> seen, List<RowProblem> problems) =>
        CheckNamedItem(row, ImportKind.Services, existing.Services, seen, problems);

    static void WriteService(AppDbContext db, Commune commune, ImportRow row, Existing existing, int order) =>
        WriteNamedItem(db.Services, row, ImportKind.Services, existing.Services,
            () => new Service { CommuneId = commune.Id, Code = row.Get(ImportKind.Services, Code), NameFr = "", NameAr = "", SortOrder = order });

    // Districts: as services.
    static RowOutcome CheckDistrict(ImportRow row, Existing existing, Dictionary<string, int> seen, List<RowProblem> problems) =>
        CheckNamedItem(row, ImportKind.Districts, existing.Districts, seen, problems);

    static void WriteDistrict(AppDbContext db, Commune commune, ImportRow row, Existing existing, int order) =>
        WriteNamedItem(db.Districts, row, ImportKind.Districts, existing.Districts,
            () => new District { CommuneId = commune.Id, Code = row.Get(ImportKind.Districts, Code), NameFr = "", NameAr = "", SortOrder = order });

    // An item that is nothing but a code and its names.
    static RowOutcome CheckNamedItem<T>(ImportRow row, ImportKind kind, Dictionary<string, T> existing, Dictionary<string, int> seen,
        List<RowProblem> problems) where T : CommuneItem
    {
        CheckItem(row, kind, seen, problems);
        var current = existing.GetValueOrDefault(row.Get(kind, Code));
        return current is null ? RowOutcome.New
            : current.NameFr == row.Get(kind, NameFr) && current.NameAr == row.Get(kind, NameAr) ? RowOutcome.Unchanged : RowOutcome.Update;
    }

    static void WriteNamedItem<T>(DbSet<T> set, ImportRow row, ImportKind kind, Dictionary<string, T> existing, Func<T> create) where T : CommuneItem
    {
        if (existing.GetValueOrDefault(row.Get(kind, Code)) is not { } item)
            set.Add(item = create());
        (item.NameFr, item.NameAr) = (row.Get(kind, NameFr), row.Get(kind, NameAr));
    }

    // Categories: also the active service that treats them by default (one already in the commune, perhaps from an
    // earlier sheet, not one of the same sheet) and optional descriptions.
    static RowOutcome CheckCategory(ImportRow row, Existing existing, Dictionary<string, int> seen, List<RowProblem> problems)
    {
        var k = ImportKind.Categories;
        CheckItem(row, k, seen, problems);
        var serviceCode = row.Get(k, ImportColumns.Service);
        var service = existing.Services.GetValueOrDefault(serviceCode);
        if (serviceCode.Length == 0)
            problems.Add(new(ImportColumns.Service, "staff.import.error.service.required"));
        else if (service is null)
            problems.Add(new(ImportColumns.Service, "error.service.unknown"));
        else if (!service.Active)
            problems.Add(new(ImportColumns.Service, "staff.import.error.service.inactive"));
        foreach (var column in new[] { DescriptionFr, DescriptionAr })
            if (row.Get(k, column).Length > DescriptionMax)
                problems.Add(new(column, "staff.import.error.description.long", DescriptionMax));
        if (row.Get(k, DescriptionAr).Length > 0 && row.Get(k, DescriptionFr).Length == 0)
            problems.Add(new(DescriptionFr, "staff.import.error.description.french"));

        var current = existing.Categories.GetValueOrDefault(row.Get(k, Code));
        return current is null ? RowOutcome.New
            : current.NameFr == row.Get(k, NameFr) && current.NameAr == row.Get(k, NameAr) && current.DefaultServiceId == service?.Id
              && current.DescriptionFr == OrNull(row.Get(k, DescriptionFr)) && current.DescriptionAr == OrNull(row.Get(k, DescriptionAr))
                ? RowOutcome.Unchanged : RowOutcome.Update;
    }

    static void WriteCategory(AppDbContext db, Commune commune, ImportRow row, Existing existing, int order)
    {
        var k = ImportKind.Categories;
        var category = existing.Categories.GetValueOrDefault(row.Get(k, Code));
        if (category is null)
        {
            category = new Category { CommuneId = commune.Id, Code = row.Get(k, Code), NameFr = "", NameAr = "", SortOrder = order };
            db.Categories.Add(category);
        }
        (category.NameFr, category.NameAr) = (row.Get(k, NameFr), row.Get(k, NameAr));
        (category.DescriptionFr, category.DescriptionAr) = (OrNull(row.Get(k, DescriptionFr)), OrNull(row.Get(k, DescriptionAr)));
        category.DefaultServiceId = existing.Services[row.Get(k, ImportColumns.Service)].Id;
    }

    // Staff: a new member of the commune, invited by e-mail to choose their password. An address already in use is
    // an error, never an update: an import does not change who someone is.
    static RowOutcome CheckStaff(ImportRow row, StaffScope importer, Existing existing, Dictionary<string, int> seen, List<RowProblem> problems,
        UserManager<StaffUser> users)
    {
        var k = ImportKind.Staff;
        var email = row.Get(k, Email);
        if (!FilingValidation.IsEmail(email))
            problems.Add(new(Email, "error.email.invalid"));
        else if (seen.TryGetValue("email:" + email, out var first))
            problems.Add(new(Email, "staff.import.error.email.duplicate", first));
        else if (existing.TakenEmails.Contains(users.NormalizeEmail(email)))
            problems.Add(new(Email, "error.email.taken"));
        if (FilingValidation.IsEmail(email))
            seen.TryAdd("email:" + email, row.Number);

        var role = row.Get(k, Role);
        if (role == Roles.PlatformAdmin)
            problems.Add(new(Role, importer.IsPlatformAdmin ? "staff.import.error.role.platform" : "staff.import.error.role.above"));
        else if (!StaffAccounts.CommuneRoles.Contains(role))
            problems.Add(new(Role, "error.role.unknown"));
        else if (Rank(role) < Rank(importer.Role))
            problems.Add(new(Role, "staff.import.error.role.above"));

        var serviceCode = row.Get(k, ImportColumns.Service);
        if (role == Roles.ServiceAgent)
        {
            var service = existing.Services.GetValueOrDefault(serviceCode);
            if (serviceCode.Length == 0)
                problems.Add(new(ImportColumns.Service, "staff.import.error.service.agent"));
            else if (service is null)
                problems.Add(new(ImportColumns.Service, "error.service.unknown"));
            else if (!service.Active)
                problems.Add(new(ImportColumns.Service, "staff.import.error.service.inactive"));
        }
        if (row.Get(k, DisplayName).Length > Limits.NameMax)
            problems.Add(new(DisplayName, "error.name.long"));
        return RowOutcome.New;
    }

    static async Task<List<RowProblem>> WriteStaffAsync(AppDbContext db, UserManager<StaffUser> users, StaffMail mail, Commune commune, ImportRow row, CancellationToken ct)
    {
        var k = ImportKind.Staff;
        var role = row.Get(k, Role);
        var (_, errors) = await StaffAccounts.CreateAsync(db, users, mail, commune, row.Get(k, Email), password: null, role,
            role == Roles.ServiceAgent ? row.Get(k, ImportColumns.Service) : null, OrNull(row.Get(k, DisplayName)), ct);
        return errors.SelectMany(e => e.Value.Select(key => new RowProblem(e.Key, key))).ToList();
    }

    // Platform administrators first: the lower the rank, the more the role may do.
    static int Rank(string role) => Array.IndexOf(Roles.All, role) switch { 0 => 0, 1 => 1, _ => 2 };

    // The code and the names every service, category and district has, by the one rule of Domain/ItemCode.
    static void CheckItem(ImportRow row, ImportKind kind, Dictionary<string, int> seen, List<RowProblem> problems)
    {
        var code = row.Get(kind, Code);
        if (!ItemCode.IsValid(code))
            problems.Add(new(Code, code.Length == 0 ? "staff.import.error.code.required" : "staff.import.error.code", ItemCode.Max));
        else if (seen.TryGetValue(code, out var first))
            problems.Add(new(Code, "staff.import.error.duplicate", first));
        else
            seen[code] = row.Number;
        foreach (var column in new[] { NameFr, NameAr })
        {
            var name = row.Get(kind, column);
            if (name.Length == 0)
                problems.Add(new(column, "staff.import.error.name.required"));
            else if (name.Length > ItemCode.NameMax)
                problems.Add(new(column, "staff.import.error.name.long", ItemCode.NameMax));
        }
    }

    static string? OrNull(string text) => text.Length == 0 ? null : text;

    // What the commune already has that the sheet's rows may name, tracked so that a write updates it in place.
    sealed class Existing
    {
        public Dictionary<string, Service> Services { get; private init; } = [];
        public Dictionary<string, Category> Categories { get; private init; } = [];
        public Dictionary<string, District> Districts { get; private init; } = [];
        public HashSet<string> TakenEmails { get; private init; } = [];

        public static async Task<Existing> LoadAsync(AppDbContext db, UserManager<StaffUser> users, Commune commune, ImportKind kind,
            IReadOnlyList<ImportRow> rows, CancellationToken ct)
        {
            var emails = kind == ImportKind.Staff ? rows.Select(r => users.NormalizeEmail(r.Get(kind, Email))).Where(e => e.Length > 0).Distinct().ToList() : [];
            return new Existing
            {
                Services = kind == ImportKind.Districts ? []
                    : await db.Services.Where(s => s.CommuneId == commune.Id).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct),
                Categories = kind != ImportKind.Categories ? []
                    : await db.Categories.Where(c => c.CommuneId == commune.Id).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct),
                Districts = kind != ImportKind.Districts ? []
                    : await db.Districts.Where(d => d.CommuneId == commune.Id).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, ct),
                // Addresses are unique across the platform, not per commune.
                TakenEmails = emails.Count == 0 ? []
                    : (await db.Users.Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail)).Select(u => u.NormalizedEmail!).ToListAsync(ct)).ToHashSet(),
            };
        }
    }
}
