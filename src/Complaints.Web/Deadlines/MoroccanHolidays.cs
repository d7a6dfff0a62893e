using System.Collections.Concurrent;
using System.Globalization;
using Complaints.Web.Domain;

namespace Complaints.Web.Deadlines;

public enum HolidayKind { Fixed, Hijri }

// One occurrence of a public holiday: Year is the Gregorian year it is listed (and corrected) under,
// HijriYear the Hijri year of a moving holiday.
public sealed record Holiday(string Code, string NameFr, string NameAr, HolidayKind Kind, int Year, int? HijriYear,
    IReadOnlyList<DateOnly> Days, bool Corrected)
{
    public DateOnly FirstDay => Days[0];
    public LocalizedText Name => new(NameFr, NameAr);
}

// An administrator's correction after the moon sighting: the holiday `Code` listed under `Year`
// actually starts on `FirstDay` (all its days move with it).
public sealed record HolidayCorrection(string Code, int Year, DateOnly FirstDay);

// The Moroccan public holidays, used to count working days (décret 2-17-265 deadlines, when a commune
// counts working days). Immutable: build a new one when the corrections change.
public sealed class MoroccanHolidays(IEnumerable<HolidayCorrection> corrections) : IHolidayCalendar
{
    public sealed record Definition(string Code, string NameFr, string NameAr, HolidayKind Kind, int Month, int Day,
        int Length, int FromYear = 1)
    {
        public LocalizedText Name => new(NameFr, NameAr);
    }

    public static readonly IReadOnlyList<Definition> Definitions =
    [
        new("new-year", "Nouvel an", "رأس السنة الميلادية", HolidayKind.Fixed, 1, 1, 1),
        new("independence-manifesto", "Présentation du Manifeste de l'indépendance", "ذكرى تقديم وثيقة الاستقلال", HolidayKind.Fixed, 1, 11, 1),
        // Nouvel an amazigh has been a paid public holiday since 2024.
        new("amazigh-new-year", "Nouvel an amazigh", "رأس السنة الأمازيغية", HolidayKind.Fixed, 1, 14, 1, FromYear: 2024),
        new("labour-day", "Fête du Travail", "عيد الشغل", HolidayKind.Fixed, 5, 1, 1),
        new("throne-day", "Fête du Trône", "عيد العرش", HolidayKind.Fixed, 7, 30, 1),
        new("oued-eddahab", "Allégeance de Oued Eddahab", "ذكرى استرجاع إقليم وادي الذهب", HolidayKind.Fixed, 8, 14, 1),
        new("king-and-people-revolution", "Révolution du Roi et du Peuple", "ذكرى ثورة الملك والشعب", HolidayKind.Fixed, 8, 20, 1),
        new("youth-day", "Fête de la Jeunesse", "عيد الشباب", HolidayKind.Fixed, 8, 21, 1),
        new("green-march", "Marche verte", "ذكرى المسيرة الخضراء", HolidayKind.Fixed, 11, 6, 1),
        new("independence-day", "Fête de l'Indépendance", "عيد الاستقلال", HolidayKind.Fixed, 11, 18, 1),
        // Hijri month and day; Morocco gives two days for the Mawlid and both Eids.
        new("hijri-new-year", "Nouvel an de l'Hégire (1er Moharram)", "فاتح محرم", HolidayKind.Hijri, 1, 1, 1),
        new("mawlid", "Aïd Al Mawlid Annabaoui", "عيد المولد النبوي", HolidayKind.Hijri, 3, 12, 2),
        new("eid-al-fitr", "Aïd Al Fitr", "عيد الفطر", HolidayKind.Hijri, 10, 1, 2),
        new("eid-al-adha", "Aïd Al Adha", "عيد الأضحى", HolidayKind.Hijri, 12, 10, 2),
    ];

    // Which calendar predicts Morocco best? Against Morocco's dates for 2024-2026 (Fitr 10/04/2024,
    // Adha 17/06/2024, 1 Muharram 08/07/2024, Fitr 31/03/2025, Adha 07/06/2025, Mawlid 05/09/2025,
    // Fitr 20/03/2026, Adha 27/05/2026): UmAlQuraCalendar (Saudi) is right 3 times and a day early 5 times;
    // adding a day to it is right 5 times and a day late 3 times; the tabular HijriCalendar is a day early
    // all 8 times, so HijriCalendar + 1 day is right all 8 times (Morocco starts the month on a local
    // sighting, often a day after Saudi Arabia). It is still a forecast: an administrator corrects a date
    // once the moon is sighted (HolidayCorrection). HijriAdjustment is pinned to 0 so no machine setting
    // (the Windows registry) shifts the forecast.
    public const int MoroccanOffsetDays = 1;
    public const int MinYear = 1000;
    public const int MaxYear = 9000;

    static readonly HijriCalendar Hijri = new() { HijriAdjustment = 0 };

    readonly IReadOnlyList<HolidayCorrection> _corrections = [.. corrections];
    readonly ConcurrentDictionary<int, IReadOnlyList<Holiday>> _byYear = new();
    readonly ConcurrentDictionary<int, HashSet<DateOnly>> _daysByYear = new();

    public static bool IsKnownCode(string code) => Definitions.Any(d => d.Code == code);

    public IReadOnlyList<Holiday> In(int year) => _byYear.GetOrAdd(year, y => Corrected(Computed(y), y));

    public bool IsHoliday(DateOnly day) =>
        _daysByYear.GetOrAdd(day.Year, DaysIn).Contains(day);

    // The forecast alone, before any correction.
    public static IReadOnlyList<Holiday> Computed(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        var holidays = new List<Holiday>();
        foreach (var d in Definitions)
        {
            if (d.Kind == HolidayKind.Fixed)
            {
                if (year >= d.FromYear)
                    holidays.Add(Occurrence(d, year, null, new DateOnly(year, d.Month, d.Day), corrected: false));
                continue;
            }
            // A Gregorian year holds one or, about every 33 years, two occurrences of a Hijri date.
            for (var hijriYear = HijriYearOf(new DateOnly(year, 1, 1)); hijriYear <= HijriYearOf(new DateOnly(year, 12, 31)); hijriYear++)
            {
                var first = DateOnly.FromDateTime(Hijri.ToDateTime(hijriYear, d.Month, d.Day, 0, 0, 0, 0)).AddDays(MoroccanOffsetDays);
                if (first.Year == year)
                    holidays.Add(Occurrence(d, year, hijriYear, first, corrected: false));
            }
        }
        return [.. holidays.OrderBy(h => h.FirstDay)];
    }

    static int HijriYearOf(DateOnly day) =>
        Hijri.GetYear(day.AddDays(-MoroccanOffsetDays).ToDateTime(TimeOnly.MinValue));

    static Holiday Occurrence(Definition d, int year, int? hijriYear, DateOnly first, bool corrected) =>
        new(d.Code, d.NameFr, d.NameAr, d.Kind, year, hijriYear,
            [.. Enumerable.Range(0, d.Length).Select(first.AddDays)], corrected);

    // A correction moves the occurrence of its code listed under its year that lies closest to the corrected
    // day (which matters only in a year holding two). Unknown codes are ignored: IsKnownCode validates input.
    IReadOnlyList<Holiday> Corrected(IReadOnlyList<Holiday> computed, int year)
    {
        var holidays = computed.ToList();
        foreach (var c in _corrections.Where(c => c.Year == year))
        {
            var target = holidays.Where(h => h.Code == c.Code)
                .OrderBy(h => Math.Abs(h.FirstDay.DayNumber - c.FirstDay.DayNumber)).FirstOrDefault();
            if (target is null)
                continue;
            var d = Definitions.Single(x => x.Code == c.Code);
            holidays[holidays.IndexOf(target)] = Occurrence(d, year, target.HijriYear, c.FirstDay, corrected: true);
        }
        return [.. holidays.OrderBy(h => h.FirstDay)];
    }

    // A holiday listed under one year may spill into the next (an Eid on 31 December) or, once corrected,
    // into the previous one.
    HashSet<DateOnly> DaysIn(int year) =>
    [
        .. new[] { year - 1, year, year + 1 }
            .Where(y => y is >= MinYear and <= MaxYear)
            .SelectMany(In).SelectMany(h => h.Days).Where(day => day.Year == year),
    ];
}
