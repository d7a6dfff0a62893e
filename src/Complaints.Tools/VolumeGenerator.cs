using System.Diagnostics;
using System.Globalization;
using Pipe = System.Threading.Channels.Channel;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tools;

// Fills a database with realistic volumes, for benchmarks and capacity planning:
//   dotnet run --project src/Complaints.Tools -- generate --communes 1500 --complaints 1000000 --years 3
// --communes is the total wanted (the demo four count); --commune CODE puts every complaint in one commune.
// Life cycles are played through the domain's own moves, so the data obeys the same rules as real data;
// PostgreSQL receives the resulting rows by binary COPY (BulkCopy), SQLite through EF.
public static class VolumeGenerator
{
    sealed record Options(int Communes, int Complaints, int Years, string? Commune, int Seed);

    // A commune as the generator sees it (weights are cumulative, for Pick), with its own habits: how often it answers late, forgets a
    // complaint, and how satisfied its citizens tend to be.
    sealed record Target(Commune Commune, Category[] Categories, double[] CategoryWeights, Service[] Services,
        District[] Districts, double[] DistrictWeights, double LateRate, double BacklogRate, double Satisfaction);

    readonly record struct Planned(long Ticks, int Target);

    // What the deadline watch would have claimed for a complaint (a reminder, an escalation), so that the
    // first pass on generated data does not remind or escalate it all over again.
    sealed record Claim(Complaint Complaint, string Job, Func<long, string> Key, DateTime At)
    {
        public JobRun ToJobRun() => new() { Job = Job, Key = Key(Complaint.Id), At = At };
    }

    sealed record Batch(List<Complaint> Complaints, List<Claim> Claims);

    const int BatchSize = 5000;
    const int ProgressEvery = 50_000;

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

        var random = new Random(options.Seed);
        List<Target> targets;
        MoroccanHolidays holidays;
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
            targets = communes.Select(c => MakeTarget(random, c)).ToList();
            holidays = await new ComplaintClock(db).HolidaysAsync(CancellationToken.None);
        }
        Console.WriteLine($"{targets.Count} communes ready in {watch.Elapsed.TotalSeconds:F0} s");

        var now = clock.GetUtcNow().UtcDateTime;
        var start = now.AddYears(-options.Years);
        var plan = Plan(random, targets.Count, start, now, options.Complaints);
        var numbers = await ReserveNumbersAsync(services, targets, plan);
        // One shared code for generated complaints, by the slow hash that still verifies: the tool runs without the site's
        // data protection, which holds the key of the keyed hash.
        var accessHash = AccessCode.SlowHash("BENCH234");

        // Building complaints (this thread's work) and writing them (the database's) overlap.
        var batches = Pipe.CreateBounded<Batch>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var done = 0; done < plan.Length; done += BatchSize)
                {
                    var batch = new Batch(new List<Complaint>(BatchSize), []);
                    for (var i = done; i < Math.Min(done + BatchSize, plan.Length); i++)
                    {
                        var (ticks, target) = plan[i];
                        batch.Complaints.Add(Make(random, targets[target], new DateTime(ticks, DateTimeKind.Utc), numbers[i], now, holidays, accessHash, batch.Claims));
                    }
                    await batches.Writer.WriteAsync(batch);
                }
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        });

        var written = 0;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var copy = db.Database.IsNpgsql() ? new BulkCopy(db) : null;
            if (copy is not null)
                await db.Database.OpenConnectionAsync();
            await foreach (var batch in batches.Reader.ReadAllAsync())
            {
                if (copy is not null)
                    await CopyAsync(copy, batch);
                else
                    await SaveThroughEfAsync(services, batch);
                var before = written;
                written += batch.Complaints.Count;
                if (written / ProgressEvery != before / ProgressEvery || written == plan.Length)
                    Console.WriteLine($"{written} complaints in {watch.Elapsed.TotalSeconds:F0} s");
            }
            await producer;
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        Console.WriteLine($"Generated {options.Complaints} complaints in {targets.Count} communes in {watch.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    static async Task CopyAsync(BulkCopy copy, Batch batch)
    {
        var ids = await copy.TakeIdsAsync<Complaint>(batch.Complaints.Count, CancellationToken.None);
        for (var i = 0; i < ids.Count; i++)
        {
            batch.Complaints[i].Id = ids[i];
            foreach (var entry in batch.Complaints[i].Timeline)
                entry.ComplaintId = ids[i];
        }
        await copy.CopyAsync(batch.Complaints, withKey: true, CancellationToken.None);
        await copy.CopyAsync(batch.Complaints.SelectMany(c => c.Timeline), withKey: false, CancellationToken.None);
        await copy.CopyAsync(batch.Claims.Select(c => c.ToJobRun()), withKey: false, CancellationToken.None);
    }

    static async Task SaveThroughEfAsync(IServiceProvider services, Batch batch)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The communes' services and categories a complaint points to exist already: tracked as they are, not added.
        db.AttachRange(batch.Complaints.SelectMany(c => new object?[] { c.Service, c.Category }).OfType<object>().Distinct());
        db.Complaints.AddRange(batch.Complaints);
        await db.SaveChangesAsync();
        db.JobRuns.AddRange(batch.Claims.Select(c => c.ToJobRun()));
        await db.SaveChangesAsync();
    }

    static Target MakeTarget(Random random, Commune c)
    {
        var categories = c.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id).ToArray();
        var districts = c.Districts.OrderBy(d => d.Id).ToArray();
        return new Target(c, categories, Cumulative(categories.Select(x => CategoryShare.GetValueOrDefault(x.Code, 1.0)).ToArray()),
            [.. c.Services], districts,
            // Central districts complain more than outlying ones.
            Cumulative(districts.Select((_, i) => 1.0 / (i + 1.5)).ToArray()),
            // Most communes answer late now and then; a few often.
            LateRate: 0.03 + 0.30 * Math.Pow(random.NextDouble(), 2),
            BacklogRate: 0.005 + 0.03 * Math.Pow(random.NextDouble(), 3),
            Satisfaction: 0.55 + 0.30 * random.NextDouble());
    }

    // Roads, waste and street lighting make most of a commune's complaints.
    static readonly Dictionary<string, double> CategoryShare = new()
    {
        ["eclairage-public"] = 4, ["voirie"] = 5, ["proprete"] = 6, ["espaces-verts"] = 2, ["urbanisme"] = 1.5, ["etat-civil"] = 1.5, ["autre"] = 1,
    };

    // Who files when, in filing order: commune sizes follow a Zipf-Mandelbrot law (the first communes, the demo
    // cities, are the biggest; most are small); months follow the seasons (summer waste and lighting, autumn rains),
    // weekdays outnumber weekends, the platform grows year on year, and people file in the day.
    static Planned[] Plan(Random random, int communes, DateTime start, DateTime now, int count)
    {
        var communeWeights = Cumulative(Enumerable.Range(0, communes).Select(k => 1.0 / (k + 3)).ToArray());
        var firstDay = start.Date;
        var days = (int)(now.Date - firstDay).TotalDays + 1;
        var dayWeights = Cumulative(Enumerable.Range(0, days).Select(d =>
        {
            var day = firstDay.AddDays(d);
            var weekday = day.DayOfWeek is DayOfWeek.Saturday ? 0.6 : day.DayOfWeek is DayOfWeek.Sunday ? 0.4 : 1.0;
            var growth = 1 + 0.25 * (day - firstDay).TotalDays / 365.25;
            return MonthShare[day.Month - 1] * weekday * growth;
        }).ToArray());
        var hourWeights = Cumulative(HourShare);
        var plan = new Planned[count];
        for (var i = 0; i < count; i++)
        {
            DateTime at;
            do
                at = firstDay.AddDays(Pick(random, dayWeights)).AddHours(Pick(random, hourWeights)).AddSeconds(random.Next(3600));
            while (at < start || at >= now);
            plan[i] = new Planned(at.Ticks, Pick(random, communeWeights));
        }
        Array.Sort(plan, (a, b) => a.Ticks.CompareTo(b.Ticks));
        return plan;
    }

    static readonly double[] MonthShare = [0.85, 0.85, 0.95, 1.0, 1.05, 1.2, 1.3, 1.3, 1.1, 1.15, 1.1, 0.9];

    // By UTC hour (Morocco is UTC+1 most of the year): office hours and evenings.
    static readonly double[] HourShare =
        [0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 3, 5, 6, 6, 5, 4, 5, 5, 4, 3, 3, 3, 3, 2.5, 2, 1, 0.5];

    static double[] Cumulative(double[] weights)
    {
        var sum = 0.0;
        var cumulative = new double[weights.Length];
        for (var i = 0; i < weights.Length; i++)
            cumulative[i] = sum += weights[i];
        return cumulative;
    }

    static int Pick(Random random, double[] cumulative)
    {
        var i = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    // References follow filing order after the numbers already given; the counters move first, so a
    // generation that stops half-way leaves gaps, never a number handed out twice.
    static async Task<(int Year, int Number)[]> ReserveNumbersAsync(IServiceProvider services, List<Target> targets, Planned[] plan)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = targets.Select(t => t.Commune.Id).ToList();
        var counters = (await db.ReferenceCounters.Where(r => ids.Contains(r.CommuneId)).ToListAsync())
            .ToDictionary(r => (r.CommuneId, r.Year));
        var numbers = new (int, int)[plan.Length];
        for (var i = 0; i < plan.Length; i++)
        {
            var communeId = targets[plan[i].Target].Commune.Id;
            var year = LegalDeadlines.LocalDate(new DateTime(plan[i].Ticks, DateTimeKind.Utc)).Year;
            if (!counters.TryGetValue((communeId, year), out var counter))
                db.ReferenceCounters.Add(counters[(communeId, year)] = counter = new ReferenceCounter { CommuneId = communeId, Year = year });
            numbers[i] = (year, ++counter.Last);
        }
        await db.SaveChangesAsync();
        return numbers;
    }

    static Complaint Make(Random random, Target t, DateTime filedAt, (int Year, int Number) reference, DateTime now,
        MoroccanHolidays holidays, string accessHash, List<Claim> claims)
    {
        var category = t.Categories[Pick(random, t.CategoryWeights)];
        var channel = random.Next(100) switch { < 55 => Channel.Web, < 75 => Channel.Counter, < 85 => Channel.Phone, < 92 => Channel.Letter, _ => Channel.Api };
        var arabic = random.Next(100) < 35;
        var (fr, ar) = Texts.GetValueOrDefault(category.Code, Texts["autre"]);
        var texts = arabic ? ar : fr;
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var kind = random.Next(20) switch { 0 => ComplaintKind.Suggestion, 1 or 2 => ComplaintKind.Observation, _ => ComplaintKind.Complaint };
        var district = t.Districts.Length == 0 || random.Next(10) == 0 ? null : t.Districts[Pick(random, t.DistrictWeights)];
        var description = texts[random.Next(texts.Length)];
        var address = random.Next(5) == 0 ? null : $"Rue {random.Next(1, 120)}, n° {random.Next(1, 80)}";
        var complainant = random.Next(12) == 0 ? new Complainant() : new Complainant
        {
            FirstName = first,
            LastName = $"{last}{random.Next(10000)}",
            Email = channel is Channel.Web or Channel.Api && random.Next(3) > 0 ? $"{first.ToLowerInvariant()}.{random.Next(100000)}@example.ma" : null,
            Phone = random.Next(10) < 8 ? $"06{random.Next(10000000, 99999999)}" : null,
        };
        var submission = new Submission(kind, channel, description, address, null, null, complainant, ConsentToPublish: random.Next(3) == 0,
            Language: arabic ? "ar" : "fr");
        var c = Complaint.File(t.Commune, category, district, submission, accessHash, channel is Channel.Web or Channel.Api ? "citizen" : "cell",
            filedAt, new LegalClock(category.RulesWithin(t.Commune), holidays));
        c.Numbered(t.Commune.ReferencePrefix, reference.Number);
        new Life(c, t, category, random, now, holidays, claims).Play();
        return c;
    }

    // One complaint's life, move by move, until it ends or reaches today. About 8 % are rejected, each commune
    // answers late at its own rate (escalated like the deadline watch does), some wait for the citizen's
    // details, a few are contested by the citizen or reopened by the cell, and a third of definitive
    // responses are rated.
    sealed class Life(Complaint c, Target t, Category category, Random random, DateTime now, MoroccanHolidays holidays, List<Claim> claims)
    {
        DateTime at = c.FiledAt;

        // The clock of its category now (a recategorised complaint counts by its new one).
        LegalClock Clock => new(category.RulesWithin(t.Commune), holidays);

        bool Wait(double minHours, double maxHours)
        {
            at = at.AddHours(minHours + random.NextDouble() * (maxHours - minHours));
            return at < now;
        }

        bool Chance(double p) => random.NextDouble() < p;

        public void Play()
        {
            Live();
            // The reminder of a due date ahead went out ReminderDaysBefore days before it.
            var commune = t.Commune;
            if (commune.ReminderDaysBefore > 0 && c.Status is ComplaintStatus.Assigned or ComplaintStatus.InProgress && c.ClockPausedAt is null
                && c.ResponseDueOn >= LegalDeadlines.LocalDate(now) && c.ResponseDueOn <= LegalDeadlines.LocalDate(now).AddDays(commune.ReminderDaysBefore))
            {
                var due = c.ResponseDueOn;
                claims.Add(new Claim(c, DeadlineWatch.ReminderJob, id => DeadlineWatch.DueKey(id, due), now));
            }
        }

        void Live()
        {
            // The cell reads it within hours, a few days at most, now and then only after its transmission deadline.
            var late = Chance(t.LateRate / 3);
            if (!Wait(1, late ? 24 * 25 : 24 * 4))
            {
                EscalateIfPast(c.TransmissionDueOn, transmission: true, noLaterThan: now);
                return;
            }
            EscalateIfPast(c.TransmissionDueOn, transmission: true);
            if (Chance(t.BacklogRate))
            {
                // Forgotten in the cell's tray: still received, escalated once its deadline passed.
                EscalateIfPast(c.TransmissionDueOn, transmission: true, noLaterThan: now);
                return;
            }
            if (Chance(0.05) && !AskCitizen("cell"))
                return;
            if (c.Status == ComplaintStatus.Rejected)
            {
                AfterDefinitive();
                return;
            }
            if (Chance(0.07))
            {
                c.Reject(Reasons[random.Next(Reasons.Length)], "Motif indiqué au citoyen.", "cell", at);
                AfterDefinitive();
                return;
            }
            if (Chance(0.04))
            {
                var other = t.Categories[random.Next(t.Categories.Length)];
                c.Recategorize(other, "cell", at);
                category = other;
            }
            c.Assign(ServiceOf(category), Chance(0.2) ? "À traiter en priorité." : null, "cell", at);
            if (Treat())
                AfterDefinitive();
        }

        Service ServiceOf(Category of) => t.Services.Single(s => s.Id == of.DefaultServiceId);

        // The service's part, up to the definitive answer; false when it is still being treated today.
        bool Treat()
        {
            if (!Wait(2, 24 * 5))
                return false;
            c.StartProgress("service", at);
            if (Chance(0.03) && !AskCitizen("service"))
                return false;
            if (Chance(0.08))
            {
                if (!Wait(1, 24 * 10))
                    return false;
                c.AddNote("Équipe envoyée sur place.", "service", at);
            }
            if (Chance(0.15))
            {
                if (!Wait(24, 24 * 15))
                    return false;
                c.Respond("Intervention programmée.", definitive: false, "service", at);
            }
            // On time: somewhere before the due date, usually well before; late: up to three months after it.
            var dueAt = LegalDeadlines.EndOfDay(c.ResponseDueOn).UtcDateTime;
            var answerAt = Chance(t.LateRate)
                ? dueAt.AddHours(random.Next(8, 24 * 90))
                : at.AddHours(Math.Max(2, (dueAt - at).TotalHours * Math.Pow(random.NextDouble(), 1.7)));
            if (answerAt > dueAt)
                EscalateIfPast(c.ResponseDueOn, transmission: false, noLaterThan: answerAt);
            if (answerAt >= now)
                return false;
            if (Chance(0.6))
            {
                at = answerAt.AddHours(-random.Next(4, 48));
                if (at > c.UpdatedAt)
                    c.Propose("Réponse proposée par le service.", definitive: true, "service", at);
            }
            at = answerAt > c.UpdatedAt ? answerAt : c.UpdatedAt.AddHours(1);
            if (at >= now)
                return false;
            c.Respond("Intervention réalisée. Merci de votre signalement.", definitive: true, "cell", at);
            return true;
        }

        // A question to the citizen: most answer within days (the clock then resumes with the paused days added);
        // the cell rejects an unanswered complaint as unclear after a month. False when still waiting today.
        bool AskCitizen(string actor)
        {
            c.RequestInformation("Pouvez-vous préciser l'adresse exacte ?", actor, at);
            if (Chance(0.75))
            {
                if (!Wait(4, 24 * 10))
                    return false;
                c.AddCitizenInformation("Devant la pharmacie, à côté de l'école.", at, Clock);
                return true;
            }
            if (c.Status != ComplaintStatus.Received || !Wait(24 * 30, 24 * 45))
                return false;
            c.Reject(RejectionReason.Unclear, "Sans réponse du citoyen à notre question.", "cell", at);
            return true;
        }

        void AfterDefinitive(int round = 0)
        {
            var definitiveAt = at;
            var rejected = c.Status == ComplaintStatus.Rejected;
            bool? satisfied = null;
            if (Chance(0.33))
            {
                if (!Wait(2, 24 * 14))
                    return;
                satisfied = Chance(rejected ? 0.2 : c.DefinitiveWithinDeadline == true ? t.Satisfaction : t.Satisfaction - 0.3);
                c.Rate(satisfied.Value, Chance(0.3) ? (satisfied.Value ? "Merci, c'est réglé." : "Rien n'a changé.") : null, at);
            }
            if (round == 0 && Chance(rejected ? 0.08 : satisfied == false ? 0.15 : 0.02))
            {
                at = definitiveAt.AddHours(random.Next(24, 24 * t.Commune.ContestDays));
                if (at < c.UpdatedAt)
                    at = c.UpdatedAt.AddHours(1);
                if (at >= now)
                    return;
                if (c.MayContest(LegalDeadlines.LocalDate(at), t.Commune.ContestDays))
                {
                    c.Contest("La réponse ne règle pas le problème.", at, Clock);
                    if (c.Status == ComplaintStatus.Reopened)
                    {
                        if (!Wait(4, 24 * 5))
                            return;
                        c.Assign(ServiceOf(category), null, "cell", at);
                    }
                    if (Treat())
                        AfterDefinitive(round + 1);
                    return;
                }
            }
            if (Chance(0.65))
            {
                at = (at > definitiveAt ? at : definitiveAt).AddHours(random.Next(24 * 7, 24 * 40));
                if (at >= now)
                    return;
                c.Close(rejected ? "Dossier classé." : "Traitement terminé.", "cell", at);
                if (round == 0 && Chance(0.015))
                {
                    // The problem came back: the cell reopens rather than make the citizen file again.
                    if (!Wait(24 * 5, 24 * 60))
                        return;
                    c.Reopen("Le problème est réapparu.", "cell", at, Clock);
                    if (!Wait(2, 24 * 3))
                        return;
                    c.Assign(ServiceOf(category), null, "cell", at);
                    if (Treat())
                        AfterDefinitive(round + 1);
                }
            }
        }


        // The deadline watch raises a missed due date the morning after, if the complaint is still open then.
        void EscalateIfPast(DateOnly due, bool transmission, DateTime? noLaterThan = null)
        {
            if (!t.Commune.EscalateLate)
                return;
            var morning = due.AddDays(1).ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc);
            if (morning < (noLaterThan ?? at) && morning < now && morning > c.UpdatedAt)
            {
                c.Escalate(morning, due);
                claims.Add(new Claim(c, DeadlineWatch.EscalationJob,
                    id => transmission ? DeadlineWatch.TransmissionKey(id, due) : DeadlineWatch.DueKey(id, due), morning));
            }
        }
    }

    static readonly RejectionReason[] Reasons =
    [
        RejectionReason.OutsideRemit, RejectionReason.OutsideRemit, RejectionReason.OutsideRemit, RejectionReason.Unclear,
        RejectionReason.Unclear, RejectionReason.NotInRequiredForm, RejectionReason.BeforeCourtOrJudged, RejectionReason.InsultingOrAbusive,
    ];

    static readonly string[] FirstNames = ["Fatima", "Mohamed", "Khadija", "Ahmed", "Aicha", "Youssef", "Salma", "Omar", "Nadia", "Rachid", "Meryem", "Hicham"];
    static readonly string[] LastNames = ["Alaoui", "Bennani", "Tazi", "Idrissi", "Chraibi", "Berrada", "Amrani", "Fassi", "Ouazzani", "Kettani"];

    static readonly Dictionary<string, (string[] Fr, string[] Ar)> Texts = new()
    {
        ["eclairage-public"] = (["Lampadaire éteint depuis plusieurs jours.", "Toute la rue est dans le noir le soir.", "Un poteau d'éclairage penche dangereusement."],
            ["الإنارة العمومية معطلة في الزنقة.", "الشارع مظلم بالليل منذ أسبوع."]),
        ["voirie"] = (["Nid-de-poule dangereux sur la chaussée.", "Trottoir défoncé devant l'école.", "Bouche d'égout sans couvercle."],
            ["حفرة خطيرة في الطريق.", "الرصيف مكسر أمام المدرسة."]),
        ["proprete"] = (["Ordures non ramassées devant l'immeuble.", "Dépôt sauvage de gravats au coin de la rue.", "Conteneur plein depuis une semaine."],
            ["النفايات لم تجمع منذ أسبوع.", "حاوية الأزبال ممتلئة."]),
        ["espaces-verts"] = (["Arbre tombé dans le jardin public.", "Le jardin du quartier n'est plus arrosé."],
            ["الحديقة العمومية مهملة.", "شجرة سقطت في الحديقة."]),
        ["urbanisme"] = (["Construction sans autorisation signalée.", "Un chantier occupe le trottoir sans permis."],
            ["بناء بدون رخصة في الحي."]),
        ["etat-civil"] = (["Attente trop longue au bureau d'état civil.", "Erreur dans mon extrait d'acte de naissance."],
            ["انتظار طويل في مكتب الحالة المدنية."]),
        ["autre"] = (["Chiens errants dans le quartier.", "Bruit d'un café tard le soir."],
            ["كلاب ضالة في الحي.", "ضجيج مقهى في الليل."]),
    };

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
        for (var from = existing + 1; from <= wanted; from += 100)
        {
            var communes = new List<Commune>();
            for (var n = from; n <= Math.Min(wanted, from + 99); n++)
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
                communes.Add(commune);
            }
            db.Communes.AddRange(communes);
            await db.SaveChangesAsync();
            foreach (var commune in communes)
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
