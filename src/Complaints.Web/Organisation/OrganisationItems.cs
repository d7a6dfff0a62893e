using System.Globalization;
using Complaints.Web.Audit;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Organisation;

public enum ItemKind { Service, Category, District }

public static class ItemKinds
{
    // How URLs name each kind: /staff/admin/categories, /api/v1/communes/{code}/categories.
    public static string Plural(this ItemKind kind) => kind switch
    {
        ItemKind.Service => "services",
        ItemKind.Category => "categories",
        _ => "districts",
    };

    public static ItemKind? FromPlural(string? plural) => Enum.GetValues<ItemKind>().Cast<ItemKind?>().FirstOrDefault(k => k!.Value.Plural() == plural);
}

// What an administrator gives for one item, from a form, the API or an import sheet. On a change, null keeps what is
// stored; an empty description removes it. Service (categories only) is the default service's code.
public sealed record ItemValues(
    string? Code = null, string? NameFr = null, string? NameAr = null, bool? Active = null, int? SortOrder = null,
    string? DescriptionFr = null, string? DescriptionAr = null, string? Service = null);

public abstract record ItemResult
{
    public sealed record Done(CommuneItem Item) : ItemResult;
    // Field name (as the API spells it) → message key.
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : ItemResult;
    // The commune already has an item of this kind with this code; everything else was right.
    public sealed record Duplicate : ItemResult;
    public sealed record NotFound : ItemResult;

    public const string CodeTaken = "error.item.code.taken";
}

// The one set of rules for a commune's services, categories and districts, whoever changes them: the administration
// pages, the API, the import. Items are never deleted (complaints point at them): they are deactivated, and then no
// longer offered for filing, routing or recategorising. Every change is audited.
public sealed class OrganisationItems(AppDbContext db, AuditLog audit)
{
    // The length of a category's description column, in each language.
    public const int DescriptionMax = 1000;

    public async Task<ItemResult> CreateAsync(StaffScope? who, Commune commune, ItemKind kind, ItemValues values, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var code = values.Code?.Trim();
        if (string.IsNullOrEmpty(code))
            errors["code"] = "error.item.code.required";
        else if (!ItemCode.IsValid(code))
            errors["code"] = "error.item.code.invalid";
        var nameFr = Name(values.NameFr, "nameFr", required: true, errors);
        var nameAr = Name(values.NameAr, "nameAr", required: true, errors);
        CheckOrder(values.SortOrder, errors);
        var active = values.Active ?? true;
        Service? service = null;
        if (kind == ItemKind.Category)
        {
            CheckDescriptions(values, errors);
            service = await DefaultServiceAsync(commune, values.Service, null, active, errors, ct);
        }
        var taken = code is not null && !errors.ContainsKey("code") && await Items(kind).AnyAsync(i => i.CommuneId == commune.Id && i.Code == code, ct);
        if (taken && errors.Count == 0)
            return new ItemResult.Duplicate();
        if (taken)
            errors["code"] = ItemResult.CodeTaken;
        if (errors.Count > 0)
            return new ItemResult.Invalid(errors);

        CommuneItem item = kind switch
        {
            ItemKind.Service => new Service { Code = code!, NameFr = nameFr!, NameAr = nameAr! },
            ItemKind.District => new District { Code = code!, NameFr = nameFr!, NameAr = nameAr! },
            _ => new Category
            {
                Code = code!, NameFr = nameFr!, NameAr = nameAr!, DefaultServiceId = service!.Id,
                DescriptionFr = Text(values.DescriptionFr), DescriptionAr = Text(values.DescriptionAr),
            },
        };
        item.CommuneId = commune.Id;
        item.Active = active;
        // A new item comes last unless told otherwise.
        item.SortOrder = values.SortOrder ?? (await Items(kind).Where(i => i.CommuneId == commune.Id).MaxAsync(i => (int?)i.SortOrder, ct) ?? 0) + 1;
        db.Add(item);
        audit.Record(who, Created(kind), commune.Id, details: $"{code} «{nameFr}»{(active ? "" : " inactive")}");
        await db.SaveChangesAsync(ct);
        if (item is Category category)
            category.DefaultService = service;
        return new ItemResult.Done(item);
    }

    // The code never changes: complaints, links, Open311 clients and import sheets name the item by it.
    public async Task<ItemResult> UpdateAsync(StaffScope? who, Commune commune, ItemKind kind, string code, ItemValues values, CancellationToken ct)
    {
        var item = await Items(kind).SingleOrDefaultAsync(i => i.CommuneId == commune.Id && i.Code == code, ct);
        if (item is null)
            return new ItemResult.NotFound();
        var errors = new Dictionary<string, string>();
        if (values.Code is { } posted && posted.Trim() != item.Code)
            errors["code"] = "error.item.code.fixed";
        var nameFr = Name(values.NameFr, "nameFr", required: false, errors);
        var nameAr = Name(values.NameAr, "nameAr", required: false, errors);
        CheckOrder(values.SortOrder, errors);
        var active = values.Active ?? item.Active;
        if (item is Service && item.Active && !active
            && await db.Categories.AnyAsync(c => c.DefaultServiceId == item.Id && c.Active, ct))
            errors["active"] = "error.item.service.default";
        Service? service = null;
        if (item is Category category)
        {
            CheckDescriptions(values, errors);
            service = await DefaultServiceAsync(commune, values.Service, category, active, errors, ct);
        }
        if (errors.Count > 0)
            return new ItemResult.Invalid(errors);

        var changes = new List<string>();
        void Set<T>(string what, T before, T after, Action<T> apply)
        {
            if (EqualityComparer<T>.Default.Equals(before, after))
                return;
            changes.Add($"{what} {Shown(before)}→{Shown(after)}");
            apply(after);
        }
        Set("nameFr", item.NameFr, nameFr ?? item.NameFr, v => item.NameFr = v);
        Set("nameAr", item.NameAr, nameAr ?? item.NameAr, v => item.NameAr = v);
        Set("order", item.SortOrder, values.SortOrder ?? item.SortOrder, v => item.SortOrder = v);
        Set("active", item.Active, active, v => item.Active = v);
        if (item is Category c)
        {
            if (values.DescriptionFr is not null)
                Set("descriptionFr", c.DescriptionFr, Text(values.DescriptionFr), v => c.DescriptionFr = v);
            if (values.DescriptionAr is not null)
                Set("descriptionAr", c.DescriptionAr, Text(values.DescriptionAr), v => c.DescriptionAr = v);
            Set("service", c.DefaultService!.Code, service!.Code, _ => (c.DefaultServiceId, c.DefaultService) = (service.Id, service));
        }
        if (changes.Count > 0)
        {
            audit.Record(who, Changed(kind), commune.Id, details: $"{item.Code}: {string.Join("; ", changes)}");
            await db.SaveChangesAsync(ct);
        }
        return new ItemResult.Done(item);
    }

    // Moves an item one place up (-1) or down (+1) in the order its lists show. The whole list is numbered again,
    // so items that shared a number (never ordered yet) keep the order the administrator saw.
    public async Task<ItemResult> MoveAsync(StaffScope? who, Commune commune, ItemKind kind, string code, int by, string language, CancellationToken ct)
    {
        var items = (await Items(kind).Where(i => i.CommuneId == commune.Id).ToListAsync(ct)).InOrder(language);
        var from = items.FindIndex(i => i.Code == code);
        if (from < 0)
            return new ItemResult.NotFound();
        var to = Math.Clamp(from + Math.Sign(by), 0, items.Count - 1);
        var moved = items[from];
        items.RemoveAt(from);
        items.Insert(to, moved);
        for (var n = 0; n < items.Count; n++)
            items[n].SortOrder = n + 1;
        if (from != to)
        {
            audit.Record(who, Changed(kind), commune.Id, details: $"{code}: order {from + 1}→{to + 1}");
            await db.SaveChangesAsync(ct);
        }
        return new ItemResult.Done(moved);
    }

    IQueryable<CommuneItem> Items(ItemKind kind) => kind switch
    {
        ItemKind.Service => db.Services,
        ItemKind.Category => db.Categories.Include(c => c.DefaultService),
        _ => db.Districts,
    };

    static string Created(ItemKind kind) => kind switch
    {
        ItemKind.Service => AuditActions.ServiceCreated,
        ItemKind.Category => AuditActions.CategoryCreated,
        _ => AuditActions.DistrictCreated,
    };

    static string Changed(ItemKind kind) => kind switch
    {
        ItemKind.Service => AuditActions.ServiceChanged,
        ItemKind.Category => AuditActions.CategoryChanged,
        _ => AuditActions.DistrictChanged,
    };

    static string? Name(string? value, string field, bool required, Dictionary<string, string> errors)
    {
        if (value is null && !required)
            return null;
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
            errors[field] = "error.item.name.required";
        else if (name.Length > ItemCode.NameMax)
            errors[field] = "error.item.name.long";
        return name;
    }

    static void CheckDescriptions(ItemValues values, Dictionary<string, string> errors)
    {
        if (Text(values.DescriptionFr)?.Length > DescriptionMax)
            errors["descriptionFr"] = "error.item.description.long";
        if (Text(values.DescriptionAr)?.Length > DescriptionMax)
            errors["descriptionAr"] = "error.item.description.long";
    }

    static void CheckOrder(int? order, Dictionary<string, string> errors)
    {
        if (order is < 0)
            errors["sortOrder"] = "error.value.invalid";
    }

    // The service a category's complaints go to unless the cell chooses another: one of the commune's, and active
    // while the category is offered or when it is newly chosen.
    async Task<Service?> DefaultServiceAsync(Commune commune, string? code, Category? category, bool active, Dictionary<string, string> errors,
        CancellationToken ct)
    {
        if (code is null && category is not null)
        {
            if (active && !category.DefaultService!.Active)
                errors["service"] = "error.service.inactive";
            return category.DefaultService;
        }
        code = code?.Trim();
        var service = string.IsNullOrEmpty(code) ? null
            : await db.Services.SingleOrDefaultAsync(s => s.CommuneId == commune.Id && s.Code == code, ct);
        if (service is null)
            errors["service"] = string.IsNullOrEmpty(code) ? "error.service.required" : "error.service.unknown";
        else if (!service.Active && (active || service.Id != category?.DefaultServiceId))
            errors["service"] = "error.service.inactive";
        return service;
    }

    static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static string Shown<T>(T value) => value switch
    {
        null => "—",
        bool b => b ? "yes" : "no",
        string s => $"«{s}»",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
