using System.Diagnostics;

namespace Complaints.Tests.Infrastructure;

// The site started as an operator starts it, `dotnet Complaints.Web.dll`, in the given environment, with none of this
// machine's own ASP.NET or data-protection settings: only what the test adds to the returned start info.
public static class SiteProcess
{
    public static ProcessStartInfo StartInfo(string environment)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(web);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("DataProtection", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        return start;
    }
}
