using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Figures;

// What both public figure pages share: the period (a year from the list, or from/to typed by hand) and how
// counts, shares and days read in the page's language. They show counts and shares only, never a complaint.
public abstract class FiguresPageModel(AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public PeriodInput Input { get; private set; } = new();
    public IReadOnlyList<int> Years { get; private set; } = [];
    public Period? Period { get; private set; }
    public DateOnly Today { get; private set; }

    protected AppDbContext Db => db;

    // The year the select shows: the one asked for, else the current one unless a period was typed.
    public int? SelectedYear =>
        Input.TypedPeriod ? null : int.TryParse(Input.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : Today.Year;

    // Null when the input is wrong: the field's error is in ModelState and the page shows the form only.
    protected async Task<Period?> ChoosePeriodAsync(PeriodInput? input, CancellationToken ct)
    {
        // Binding gives no object at all when the query is too deeply nested to read (sort.sort.sort...).
        Input = input ?? new();
        Today = LegalDeadlines.Today(clock);
        // The years offered: this one and each before it back to the first complaint (PostgreSQL reads one index entry).
        var first = await db.Complaints.AsNoTracking().MinAsync(c => (DateTime?)c.FiledAt, ct);
        var firstYear = Math.Min(first is { } f ? LegalDeadlines.LocalDate(f).Year : Today.Year, Today.Year);
        Years = [.. Enumerable.Range(firstYear, Today.Year - firstYear + 1).Reverse()];

        var (period, bad) = Resolve();
        if (period is null)
        {
            // Binding left entries named like the properties (From); the error goes under the field's own id (from).
            ModelState.Clear();
            ModelState.AddModelError(bad!, l[bad == "year" ? "figures.error.year" : $"stats.error.{bad}"]);
        }
        return Period = period;
    }

    (Period?, string?) Resolve()
    {
        if (Input.TypedPeriod)
            return Statistics.Period.Parse(Input.From, Input.To, Today);
        if (string.IsNullOrWhiteSpace(Input.Year))
            return (new Period(new DateOnly(Today.Year, 1, 1), Today), null);
        if (!int.TryParse(Input.Year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !Years.Contains(year))
            return (null, "year");
        // The current year runs to today, so its months to come are not listed as empty.
        return (year == Today.Year ? new Period(new DateOnly(year, 1, 1), Today) : Statistics.Period.Year(year), null);
    }

    // Counts only, the same for everyone in a language: a browser or proxy may keep the page five minutes.
    protected void AllowPublicCaching()
    {
        Response.Headers.CacheControl = "public, max-age=300";
        Response.Headers.Vary = "Accept-Language, Cookie";
    }

    // The period as it was asked for, for links that keep it (sorting, a commune's page and back).
    public List<KeyValuePair<string, string?>> PeriodQuery() => Input.TypedPeriod
        ? [new("from", Input.From?.Trim()), new("to", Input.To?.Trim())]
        : [new("year", Input.Year?.Trim())];

    public static string Link(string path, IEnumerable<KeyValuePair<string, string?>> values) =>
        path + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));

    // The same figures as JSON, for re-users (GET /api/v1/public/stats).
    public abstract string JsonHref { get; }

    protected string JsonLink(string? commune = null) => Link("/api/v1/public/stats",
        [new("commune", commune), new("from", Period!.Wire(Period.From)), new("to", Period.Wire(Period.To))]);

    public string Range => string.Format(CultureInfo.CurrentCulture, l["figures.period.range"], Hosting.Display.Date(Period!.From), Hosting.Display.Date(Period.To));

    public static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    // An undefined share or delay (nothing to divide, nothing answered) is a dash, never 0 %; readers hear why.
    public IHtmlContent Undefined() =>
        new HtmlString($"<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">{System.Net.WebUtility.HtmlEncode(l["figures.undefined"])}</span>");

    public IHtmlContent Share(double? rate) => rate is { } r ? new HtmlString(r.ToString("P0", CultureInfo.CurrentCulture)) : Undefined();

    public IHtmlContent Days(double? days) => days is { } d ? new HtmlString(d.ToString("#,0.#", CultureInfo.CurrentCulture)) : Undefined();

    // "3 of 4": how many a share was counted on.
    public string Of(int part, int whole) => string.Format(CultureInfo.CurrentCulture, l["figures.of"], Count(part), Count(whole));
}

// The period fields exactly as typed, so a wrong one is shown again as it was.
public sealed class PeriodInput
{
    public string? Year { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }

    public bool TypedPeriod => !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);
}
