using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Files;

// A commune's logo, as the platform administrator uploaded it (CommuneAdministration.SetLogoAsync), for receipts,
// reports and pages. Public: it is printed on what citizens take home.
public static class CommuneLogo
{
    public static string Path(string communeCode) => $"/{communeCode}/logo";

    // The logo written into the page itself, for the PDF printer, which reads a local file and fetches nothing.
    public static async Task<string?> InlineAsync(IFileStore files, Domain.Commune commune, CancellationToken ct)
    {
        if (commune.LogoStorageKey is null || await files.OpenAsync(commune.LogoStorageKey, ct) is not { } content)
            return null;
        await using (content)
        using (var copy = new MemoryStream())
        {
            await content.CopyToAsync(copy, ct);
            return $"data:{commune.LogoContentType};base64,{Convert.ToBase64String(copy.ToArray())}";
        }
    }

    public static IEndpointRouteBuilder MapCommuneLogos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{commune}/logo", async (string commune, AppDbContext db, IFileStore files, HttpContext http, CancellationToken ct) =>
        {
            var logo = await db.Communes.AsNoTracking().Where(c => c.Code == commune && c.LogoStorageKey != null)
                .Select(c => new { c.LogoStorageKey, c.LogoContentType }).SingleOrDefaultAsync(ct);
            if (logo is null || await files.OpenAsync(logo.LogoStorageKey!, ct) is not { } content)
                return Results.NotFound();
            // A new logo gets a new storage key, so an hour of caching never shows a stale one for long.
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(content, logo.LogoContentType ?? "application/octet-stream");
        }).ExcludeFromDescription();
        return app;
    }
}
