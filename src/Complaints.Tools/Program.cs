using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Complaints.Tools;

// Commands an operator runs against the site's database, from the repository root:
//   dotnet run --project src/Complaints.Tools -- generate --commune sefrou --complaints 100000
// Configuration is the site's: its appsettings.json (dotnet run starts in src/Complaints.Web, as for the site),
// environment variables (Database__Provider, ConnectionStrings__Postgres...) and --Key:Name value on the command line.
public static class Program
{
    const string Usage = "usage: generate [--communes N] [--complaints N] [--years N] [--commune CODE] [--seed N]";

    public static async Task<int> Main(string[] args)
    {
        if (!VolumeGenerator.IsRequested(args))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            // The site's variable names the environment, so both read the same appsettings.{Environment}.json.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAppDatabase(builder.Configuration);
        using var host = builder.Build();

        using (var scope = host.Services.CreateScope())
            await DatabaseStartup.MigrateAndSeedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), builder.Configuration,
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Complaints.Startup"));
        return await VolumeGenerator.RunAsync(host.Services, args);
    }
}
