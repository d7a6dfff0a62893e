using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Complaints.Web.Hosting;

// French and Arabic on every page: the browser's Accept-Language first, then the reader's choice,
// kept in a cookie by the switch link that every page carries.
public static class Localization
{
    public static readonly string[] Languages = ["fr", "ar"];

    public static IServiceCollection AddAppLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(CultureFor).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    // Gregorian calendar and Latin digits in both languages, as Moroccan administrations write dates.
    static CultureInfo CultureFor(string language)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(language).Clone();
        if (language == "ar")
        {
            culture.DateTimeFormat.Calendar = new GregorianCalendar();
            // Moroccan usage: the months of ar-MA (ماي، يوليوز، غشت…) and its numbers (1.234,5 and 86 %).
            var morocco = CultureInfo.GetCultureInfo("ar-MA");
            culture.DateTimeFormat.MonthNames = morocco.DateTimeFormat.MonthNames;
            culture.DateTimeFormat.MonthGenitiveNames = morocco.DateTimeFormat.MonthGenitiveNames;
            culture.DateTimeFormat.AbbreviatedMonthNames = morocco.DateTimeFormat.AbbreviatedMonthNames;
            culture.DateTimeFormat.AbbreviatedMonthGenitiveNames = morocco.DateTimeFormat.AbbreviatedMonthGenitiveNames;
            culture.NumberFormat = (NumberFormatInfo)morocco.NumberFormat.Clone();
            culture.NumberFormat.DigitSubstitution = DigitShapes.None;
        }
        return culture;
    }

    public static string Current => Supported(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    // A language the site speaks, French for any other.
    public static string Supported(string? language) => Languages.Contains(language) ? language! : Languages[0];

    // A language's name in that language, as a switch or a list of languages shows it.
    public static string NativeName(string language) => language switch
    {
        "ar" => "العربية",
        _ => "Français",
    };

    public static bool IsRightToLeft => IsRightToLeftLanguage(Current);

    // Arabic is the language the site speaks that is written right to left.
    public static bool IsRightToLeftLanguage(string language) => language == "ar";

    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/language/{language}", (string language, string? returnUrl, HttpContext http) =>
        {
            if (!Languages.Contains(language))
                return Results.NotFound();
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalUrl.Or(returnUrl, "/"));
        }).ExcludeFromDescription();
        return app;
    }
}
