using System.Diagnostics;
using System.Globalization;
using Complaints.Web.Citizens;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Data;

// Fills a database with realistic volumes, for benchmarks and capacity planning:
//   dotnet run --project src/Complaints.Web -- generate --communes 1500 --complaints 1000000 --years 3
// --communes is the total wanted (the demo four count); --commune CODE puts every complaint in one commune.
// Life cycles are played through the domain's own moves, so the data obeys the same rules as real data.
public static class VolumeGenerator
{
    sealed record Options(int Communes, int Complaints, int Years, string? Commune, int Seed);

    sealed record Target(int Id, string Code, string Prefix, Category[] Categories, Service[] Services, int[] Districts);

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "generate";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: generate [--communes N] [--complaints N] [--years N] [--commune CODE] [--seed N]");
            return 2;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var watch = Stopwatch.StartNew();
        using (var scope = services.CreateScope())
            await EnsureCommunesAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), options.Communes);

        List<Target> targets;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var communes = await db.Communes.AsNoTracking().Include(c => c.Categories).Include(c => c.Services).Include(c => c.Districts)
                .AsSplitQuery().Where(c => options.Commune == null || c.Code == options.Commune).OrderBy(c => c.Id).ToListAsync();
            if (communes.Count == 0)
            {
                Console.Error.WriteLine($"No commune '{options.Commune}'.");
                return 2;
            }
            targets = communes.Select(c => new Target(c.Id, c.Code, c.ReferencePrefix, [.. c.Categories], [.. c.Services], [.. c.Districts.Select(d => d.Id)])).ToList();
        }

        var random = new Random(options.Seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var start = now.AddYears(-options.Years);
        var counters = new Dictionary<(int, int), int>();
        // One shared code for generated complaints: hashing a million codes would take hours.
        var accessHash = AccessCode.Hash("BENCH234");
        const int batch = 2000;
        for (var done = 0; done < options.Complaints; done += batch)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var size = Math.Min(batch, options.Complaints - done);
            for (var i = 0; i < size; i++)
                db.Complaints.Add(Make(random, targets[random.Next(targets.Count)], start, now, counters, accessHash));
            await db.SaveChangesAsync();
            if ((done / batch) % 25 == 0)
                Console.WriteLine($"{done + size} complaints in {watch.Elapsed.TotalSeconds:F0} s");
        }

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var ((communeId, year), last) in counters)
            {
                var counter = await db.ReferenceCounters.FindAsync(communeId, year);
                if (counter is null)
                    db.ReferenceCounters.Add(new ReferenceCounter { CommuneId = communeId, Year = year, Last = last });
                else
                    counter.Last = Math.Max(counter.Last, last);
            }
            await db.SaveChangesAsync();
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        Console.WriteLine($"Generated {options.Complaints} complaints in {targets.Count} communes in {watch.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    static Complaint Make(Random random, Target t, DateTime start, DateTime now, Dictionary<(int, int), int> counters, string accessHash)
    {
        var filedAt = start.AddSeconds(random.NextDouble() * (now - start).TotalSeconds);
        var year = LegalDeadlines.LocalDate(filedAt).Year;
        var number = counters[(t.Id, year)] = counters.GetValueOrDefault((t.Id, year)) + 1;
        var category = t.Categories[random.Next(t.Categories.Length)];
        var (transmission, response) = LegalDeadlines.For(filedAt);
        var c = new Complaint
        {
            CommuneId = t.Id,
            Reference = $"{t.Prefix}-{year}-{number:D6}",
            Year = year,
            Number = number,
            Kind = random.Next(10) switch { 0 => ComplaintKind.Observation, 1 => ComplaintKind.Suggestion, _ => ComplaintKind.Complaint },
            Channel = random.Next(10) switch { < 6 => Channel.Web, 6 or 7 => Channel.Counter, 8 => Channel.Phone, _ => Channel.Letter },
            CategoryId = category.Id,
            DistrictId = t.Districts.Length == 0 ? null : t.Districts[random.Next(t.Districts.Length)],
            Description = Descriptions[random.Next(Descriptions.Length)] + $" (#{number})",
            Address = $"Rue {random.Next(1, 120)}, n° {random.Next(1, 80)}",
            Complainant = new Complainant { FirstName = $"Citoyen{random.Next(1000)}", LastName = $"Test{number}", Phone = $"06{random.Next(10000000, 99999999)}" },
            ConsentToPublish = random.Next(3) == 0,
            AccessCodeHash = accessHash,
            Language = random.Next(3) == 0 ? "ar" : "fr",
            FiledAt = filedAt,
            TransmissionDueOn = transmission,
            ResponseDueOn = response,
        };
        c.Filed("citizen", filedAt);
        c.RefreshSearch();
        Play(c, random, category, t, filedAt, now);
        c.Service = null;
        c.Category = null;
        return c;
    }

    // Older complaints are mostly answered; recent ones still wait. About one in eight runs late.
    static void Play(Complaint c, Random random, Category category, Target t, DateTime filedAt, DateTime now)
    {
        var age = (now - filedAt).TotalDays;
        var at = filedAt.AddHours(random.Next(2, 24 * Math.Max(1, Math.Min(14, (int)age))));
        if (at >= now || random.Next(100) < (age < 20 ? 40 : 1))
            return;
        if (random.Next(100) < 8)
        {
            c.Reject((RejectionReason)random.Next(5), "Motif indiqué au citoyen.", "cell", at);
            return;
        }
        c.Assign(t.Services.Single(s => s.Id == category.DefaultServiceId), null, "cell", at);
        at = at.AddHours(random.Next(4, 24 * 10));
        if (at >= now || random.Next(100) < (age < 40 ? 50 : 3))
            return;
        c.StartProgress("service", at);
        var late = random.Next(8) == 0;
        at = filedAt.AddDays(late ? random.Next(61, 120) : random.Next(3, 59)).AddHours(random.Next(24));
        if (at >= now || random.Next(100) < 3)
            return;
        c.Respond("Intervention réalisée.", definitive: true, "cell", at);
        if (random.Next(100) < 3)
        {
            c.Reopen("Le problème persiste.", "citizen", at.AddDays(random.Next(1, 20)));
            return;
        }
        at = at.AddDays(random.Next(7, 30));
        if (at < now)
            c.Close("Sans suite du citoyen.", "cell", at);
    }

    static readonly string[] Descriptions =
    [
        "Lampadaire éteint depuis plusieurs jours.", "Nid-de-poule dangereux sur la chaussée.", "Ordures non ramassées devant l'immeuble.",
        "Arbre tombé dans le jardin public.", "Construction sans autorisation signalée.", "Attente trop longue au bureau d'état civil.",
        "الإنارة العمومية معطلة في الزنقة.", "حفرة خطيرة في الطريق.", "النفايات لم تجمع منذ أسبوع.", "الحديقة العمومية مهملة.",
    ];

    // Communes beyond the demo four: same services and categories, generated names.
    static async Task EnsureCommunesAsync(AppDbContext db, int wanted)
    {
        var existing = await db.Communes.CountAsync();
        if (existing >= wanted)
            return;
        var template = await db.Communes.AsNoTracking().Include(c => c.Services).Include(c => c.Categories).ThenInclude(c => c.DefaultService)
            .Include(c => c.Districts).AsSplitQuery().OrderBy(c => c.Id).FirstAsync();
        var prefixes = (await db.Communes.Select(c => c.ReferencePrefix).ToListAsync()).ToHashSet();
        var next = 0;
        for (var n = existing + 1; n <= wanted; n++)
        {
            string prefix;
            do
                prefix = Prefix(next++);
            while (prefixes.Contains(prefix));
            var commune = new Commune
            {
                Code = $"commune-{n:D4}", ReferencePrefix = prefix,
                NameFr = $"Commune {n:D4}", NameAr = $"جماعة {n.ToString(CultureInfo.InvariantCulture)}",
            };
            commune.Services.AddRange(template.Services.Select(s => new Service { Code = s.Code, NameFr = s.NameFr, NameAr = s.NameAr }));
            commune.Districts.AddRange(template.Districts.Select(d => new District { Code = d.Code, NameFr = d.NameFr, NameAr = d.NameAr }));
            db.Communes.Add(commune);
            await db.SaveChangesAsync();
            commune.Categories.AddRange(template.Categories.Select(c => new Category
            {
                Code = c.Code, NameFr = c.NameFr, NameAr = c.NameAr, DescriptionFr = c.DescriptionFr, DescriptionAr = c.DescriptionAr,
                SortOrder = c.SortOrder, DefaultServiceId = commune.Services.Single(s => s.Code == c.DefaultService!.Code).Id,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    static string Prefix(int n) => $"{(char)('A' + n / 676 % 26)}{(char)('A' + n / 26 % 26)}{(char)('A' + n % 26)}";

    static Options? Parse(string[] args)
    {
        int communes = 0, complaints = 10_000, years = 3, seed = 42;
        string? commune = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = args[i] switch
            {
                "--communes" => int.TryParse(value, out communes),
                "--complaints" => int.TryParse(value, out complaints),
                "--years" => int.TryParse(value, out years),
                "--seed" => int.TryParse(value, out seed),
                "--commune" => (commune = value) is not null,
                // Configuration given on the command line (--Database:Provider Postgres) is the host's.
                var other => other.Contains(':'),
            };
            if (!ok)
                return null;
            i++;
        }
        return complaints < 0 || years < 1 ? null : new Options(communes, complaints, years, commune, seed);
    }
}
