using System.Globalization;
using Complaints.Web.Domain;
using Complaints.Web.Hosting;
using Complaints.Web.Statistics;

namespace Complaints.Web.Reports;

// The commune's annual statistics (décret 2-17-265): a year's figures beside the year before, every breakdown,
// for the printable page and its PDF alike. Numbers read in the page's culture; months by their Moroccan names.
public sealed record AnnualReport(Commune Commune, int Year, DateOnly Produced, CommuneFigures Figures, Figures Previous, string Language)
{
    public static async Task<AnnualReport> BuildAsync(FiguresQuery query, Commune commune, int year, DateOnly today, string language, CancellationToken ct)
    {
        var figures = await query.CommuneAsync(commune, Period.Year(year), StatsFilter.None, ct);
        var previous = await query.CommuneAsync(commune, Period.Year(year - 1), StatsFilter.None, ct);
        return new AnnualReport(commune, year, today, figures, previous.Total, language);
    }

    // Where the commune's logo is read from: its address on a page, the image itself in a PDF.
    public string? Logo { get; init; } = Commune.LogoStorageKey is null ? null : Files.CommuneLogo.Path(Commune.Code);

    public Figures Total => Figures.Total;
    public bool RightToLeft => Localization.IsRightToLeftLanguage(Language);
    public string OtherLanguage => RightToLeft ? "fr" : "ar";

    static CultureInfo Culture => CultureInfo.CurrentCulture;

    // The page's culture has the Moroccan month names (Hosting/Localization: يناير … ماي … غشت … دجنبر).
    static DateTimeFormatInfo Months => Culture.DateTimeFormat;

    public string Number(int value) => value.ToString("N0", Culture);

    public string Rate(double? rate) => rate is { } r ? r.ToString("P1", Culture) : "—";

    public string Days(double? days) => days is { } d ? d.ToString("0.#", Culture) : "—";

    public string Date(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{day.Day} {Months.GetMonthName(day.Month)} {day.Year}");

    // "2026-03" → "mars" / "مارس".
    public string Month(string code) => Months.GetMonthName(int.Parse(code[5..], CultureInfo.InvariantCulture));

    // The chart's narrow columns take the short names ("nov.", "déc.").
    public BarChart MonthChart(string title) =>
        BarChart.Columns("chart-months", title,
            [.. Figures.ByMonth.Select(m => (Months.GetAbbreviatedMonthName(int.Parse(m.Code![5..], CultureInfo.InvariantCulture)), m.Figures.Received))],
            Number, RightToLeft);

    public BarChart CategoryChart(string title) =>
        BarChart.Rows("chart-categories", title, [.. Figures.ByCategory.Select(c => (c.Name?.In(Language) ?? c.Code!, c.Figures.Received))], Number, RightToLeft);

    public double? ReopenedRate => Total.Received == 0 ? null : Math.Round((double)Total.Reopened / Total.Received, 4);

    public int Dissatisfied => Total.Rated - Total.Satisfied;

    public ReportTable Table(string id, string title, string heading, IEnumerable<(string Name, Figures Figures)> lines, bool total = true) =>
        new(id, title, heading, [.. lines], total, this);
}

// One breakdown as a table: a line per category (service, month…), the figures in columns, the year's total below.
public sealed record ReportTable(string Id, string Title, string Heading, IReadOnlyList<(string Name, Figures Figures)> Lines, bool ShowTotal, AnnualReport Report);
