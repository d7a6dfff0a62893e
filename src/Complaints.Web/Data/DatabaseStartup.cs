using System.Security.Cryptography;
using System.Text;
using Complaints.Web.Domain;
using Complaints.Web.Api;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Data;

// On start: bring the schema up to date, then fill an empty database (docs/operations.md).
public static class DatabaseStartup
{
    public const string FirstPasswordFile = "first-administrator-password";

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var config = services.GetRequiredService<IConfiguration>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Complaints.Startup");
        var clock = services.GetRequiredService<TimeProvider>();

        await using var turn = await StartupLock.AcquireAsync(db);
        await MigrateAndSeedAsync(db, config, log);
        await CreateFirstAdministratorAsync(services, config, log);

        var apiKey = config["Bootstrap:ApiKey"];
        if (!string.IsNullOrEmpty(apiKey) && !await db.ApiKeys.AnyAsync())
        {
            db.ApiKeys.Add(new ApiKey { Name = "bootstrap", KeyHash = ApiKeys.Hash(apiKey), CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
    }

    // The schema and, on an empty database, the demo communes: what the site and the command-line tools
    // (src/Complaints.Tools) both need before they touch data. Logins are the site's to create.
    public static async Task MigrateAndSeedAsync(AppDbContext db, IConfiguration config, ILogger log)
    {
        if (db.Database.IsSqlite())
        {
            var folder = Path.GetDirectoryName(db.Database.GetDbConnection().DataSource);
            if (!string.IsNullOrEmpty(folder))
                Directory.CreateDirectory(folder);
        }
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            // WAL lets citizens read while others file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");

        await MeasureDefinitiveResponsesAsync(db);

        if (config.GetValue("Seed:Demo", true) && !await db.Communes.AnyAsync())
        {
            await DemoSeed.SeedAsync(db, CancellationToken.None);
            log.LogInformation("Seeded the demo communes.");
        }
    }

    // Definitive responses given before the figures' columns existed get their days and deadline measure once.
    static async Task MeasureDefinitiveResponsesAsync(AppDbContext db)
    {
        while (true)
        {
            var batch = await db.Complaints.Where(c => c.DefinitiveAt != null && c.DaysToDefinitive == null).OrderBy(c => c.Id).Take(500).ToListAsync();
            if (batch.Count == 0)
                return;
            foreach (var complaint in batch)
                complaint.MeasureDefinitive();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    static async Task CreateFirstAdministratorAsync(IServiceProvider services, IConfiguration config, ILogger log)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if (await users.Users.AnyAsync())
            return;
        var email = config["Bootstrap:AdminEmail"] ?? "admin@localhost";
        var password = config["Bootstrap:AdminPassword"];
        var generated = string.IsNullOrEmpty(password);
        // Console output is collected (journald, docker logs, a log platform): a generated password goes to a file only
        // this account reads, before the account exists so that it cannot be lost, and the log says where (ADR 18).
        var file = Path.Combine(DataFolder.Path(config), FirstPasswordFile);
        if (generated)
        {
            password = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24);
            DataFolder.WriteOwnerOnly(file, Encoding.UTF8.GetBytes(password + "\n"), replace: true);
        }
        var admin = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator" };
        // Deployments and checks start the site with a password they chose (CONTRACT 2): one the password rule refuses
        // is said loudly, not refused, and the administrator is asked to change it (docs/security.md, Passwords).
        var weaknesses = generated ? [] : (await PasswordRule.ErrorsAsync(users, admin, password!)).Select(e => e.Description).Distinct().ToList();
        admin.PasswordHash = users.PasswordHasher.HashPassword(admin, password!);
        var result = await users.CreateAsync(admin);
        if (!result.Succeeded)
            throw new InvalidOperationException("The first administrator could not be created: "
                + string.Join("; ", result.Errors.Select(e => e.Description)));
        if (weaknesses.Count > 0)
            log.LogWarning("Bootstrap:AdminPassword does not pass the password rule ({Weakness}): change it at /staff/account after the first sign-in.",
                string.Join("; ", weaknesses));
        await users.AddToRoleAsync(admin, Roles.PlatformAdmin);
        if (!generated)
        {
            log.LogInformation("Created the first administrator {Email}, with the password from Bootstrap:AdminPassword.", email);
            return;
        }
        log.LogInformation("Created the first administrator {Email}; its generated password is in {PasswordFile}, readable by this account only: " +
            "sign in, change it at /staff/account, then delete the file.", email, file);
        // A person who started the site in a terminal reads the login there, once (CONTRACT 1): a terminal is not a
        // collected log. Written past the logger so that no log provider (JSON, OpenTelemetry) ever carries it.
        if (!Console.IsOutputRedirected)
            Console.Out.WriteLine($"First administrator: {email} / {password}");
    }
}
