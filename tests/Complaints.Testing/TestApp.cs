using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Infrastructure;

// The real application over HTTP, on its own database and clock.
public sealed class TestApp : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; }
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero));
    public PasswordChecks PasswordChecks { get; } = new();
    public LogCapture Logs { get; } = new();
    public string StoragePath { get; } = Directory.CreateTempSubdirectory("complaints-files-").FullName;
    readonly Dictionary<string, string?> settings;
    readonly bool ownsDatabase = true;

    static TestApp()
    {
        // Hundreds of short-lived hosts would each watch appsettings.json through inotify, whose
        // per-user limit (128) a parallel run exhausts; tests never edit configuration files.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    TestApp(TestDatabase database, Dictionary<string, string?> settings, bool ownsDatabase = true)
    {
        Database = database;
        this.settings = settings;
        this.ownsDatabase = ownsDatabase;
    }

    public static async Task<TestApp> StartAsync(DatabaseKind kind, Dictionary<string, string?>? settings = null, bool seeded = true)
    {
        var app = new TestApp(await TestDatabase.CreateAsync(kind, seeded), settings ?? []);
        _ = app.Server; // start now, so migrations and seeding happen before the test acts
        return app;
    }

    // The app on a database prepared elsewhere (a PostgreSQL server of the test's own), which it owns from now on.
    public static TestApp StartOn(TestDatabase database, Dictionary<string, string?>? settings = null)
    {
        var app = new TestApp(database, settings ?? []);
        _ = app.Server;
        return app;
    }

    // Another instance on the same database (a restart, or a second node behind a load balancer);
    // the database stays with the instance that created it.
    public static TestApp StartBeside(TestApp first, Dictionary<string, string?>? settings = null)
    {
        var app = new TestApp(first.Database, settings ?? [], ownsDatabase: false);
        app.Clock.SetUtcNow(first.Clock.GetUtcNow());
        _ = app.Server;
        return app;
    }

    // Several instances starting at the same moment on one empty database, as two nodes after a first deployment;
    // the first owns the database.
    public static async Task<TestApp[]> StartTogetherAsync(DatabaseKind kind, int count, Dictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(kind, seeded: false);
        var apps = Enumerable.Range(0, count).Select(i => new TestApp(database, settings ?? [], ownsDatabase: i == 0)).ToArray();
        await Task.WhenAll(apps.Select(app => Task.Run(() => _ = app.Server)));
        return apps;
    }

    // For a real browser: Kestrel on a free loopback port instead of the in-memory server.
    public static async Task<TestApp> StartOnPortAsync(DatabaseKind kind, Dictionary<string, string?>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = new TestApp(await TestDatabase.CreateAsync(kind), settings ?? []);
            app.UseKestrel(0);
            try
            {
                app.StartServer();
                return app;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("after the server has started"))
            {
                // The factory sets the port after the program's own thread builds the host; on a fast start that
                // thread can start Kestrel first. Nothing of the test ran yet: a new app on a new database.
                await app.DisposeAsync();
            }
        }
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in TestDatabase.Settings(Database.Kind, Database.ConnectionString))
            builder.UseSetting(key, value);
        builder.UseSetting("Storage:Path", StoragePath);
        // Tests run deadline passes themselves (DeadlineWatch) at the instants they choose.
        builder.UseSetting("Notifications:Watch", "false");
        // Likewise the retention pass: tests run it when their clock says.
        builder.UseSetting("PersonalData:Worker", "false");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestDatabase.CheapPasswordHashes(services);
            services.AddScoped(sp => PasswordChecks.Counting(ActivatorUtilities.CreateInstance<PasswordHasher<StaffUser>>(sp)));
            services.AddTransient<IStartupFilter, ClientAddresses>();
        });
    }

    public HttpClient Browser(string? language = "fr")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (language is not null)
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
            await Database.DisposeAsync();
        try { Directory.Delete(StoragePath, recursive: true); } catch (IOException) { }
    }

    public Task<int> CountComplaintsAsync() => WithDbAsync(db => db.Complaints.CountAsync());
}
