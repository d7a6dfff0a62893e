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
        // Only a path under what wwwroot holds (css, js, lib) can name one of its files: an Open311 read
        // (.json, .xml) or a page asks the file system nothing.
        var root = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        var folders = root.GetDirectoryContents("").Select(entry => new PathString("/" + entry.Name)).ToArray();
        return app.UseWhen(http => Array.Exists(folders, folder => http.Request.Path.StartsWithSegments(folder)),
            files => files.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types }));
    }
}
