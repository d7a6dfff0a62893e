using System.Globalization;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Figures;

// One commune's figures for a period, without login: the three headline figures, the others, and where they come from
// (month, category, channel, district). Counts and shares only.
public class CommuneModel(FiguresQuery figures, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : FiguresPageModel(db, clock, l)
{
    public Commune Commune { get; private set; } = null!;
    public CommuneFigures? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, [FromQuery] PeriodInput input, CancellationToken ct)
    {
        var commune = await Db.Communes.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (commune is null)
            return NotFound();
        Commune = commune;
        if (await ChoosePeriodAsync(input, ct) is { } period)
        {
            Result = await figures.CommuneAsync(commune, period, StatsFilter.None, ct);
            AllowPublicCaching();
        }
        return Page();
    }

    public override string JsonHref => JsonLink(Commune.Code);

    public string BackLink => Link("/figures", PeriodQuery());

    public static string Month(string code)
    {
        var name = DateOnly.ParseExact(code + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", CultureInfo.CurrentCulture);
        return char.ToUpper(name[0], CultureInfo.CurrentCulture) + name[1..];
    }

    // A bar's length in steps of 5 % of the table's largest count (CSS classes: the security policy forbids inline styles);
    // anything above zero shows at least a sliver.
    public static string Bar(int count, int largest) =>
        count == 0 || largest == 0 ? "bar w0" : $"bar w{Math.Max(5, (int)Math.Round(count * 20.0 / largest, MidpointRounding.AwayFromZero) * 5)}";
}
