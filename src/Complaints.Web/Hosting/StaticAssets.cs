using Microsoft.AspNetCore.StaticFiles;

namespace Complaints.Web.Hosting;

// wwwroot's files, each text one with the character set it is written in, so no browser guesses it.
public static class StaticAssets
{
    public static IApplicationBuilder UseAppStaticFiles(this IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        foreach (var (extension, type) in types.Mappings.ToList())
            if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("xml", StringComparison.Ordinal))
                types.Mappings[extension] = type + "; charset=utf-8";
        return app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types });
    }
}
