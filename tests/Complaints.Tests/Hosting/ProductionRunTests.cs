using System.Net;
using System.Runtime.Versioning;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;

namespace Complaints.Tests.Hosting;

// The README's command as an operator types it: Production unless a developer asks for Development, on the embedded
// database (so SQLite alone, which is what the command starts). Citizens see pages, never a stack trace; the generated
// first password is in a file only its owner reads, and in no line of the collected output (ADR 18).
// File modes are Unix's: the platform runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class ProductionRunTests
{
    [Fact]
    public async Task The_run_command_starts_in_production_with_the_first_password_in_an_owner_only_file_and_no_stack_trace_for_citizens()
    {
        // Without pooling every request opens the database file anew, so removing it below fails the next request.
        await using var run = SiteProcess.Run(new() { ["ConnectionStrings__Sqlite"] = $"Data Source={SiteProcess.Data}/complaints.db;Pooling=False" });
        var browser = await run.ClientAsync("fr");

        // Written just after the site starts listening.
        await run.LineAsync(l => l.Contains("Hosting environment:"));
        Assert.Contains(run.Output, l => l.Contains("Hosting environment: Production"));
        var passwordFile = Path.Combine(run.DataFolder, DatabaseStartup.FirstPasswordFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        var password = (await File.ReadAllTextAsync(passwordFile)).Trim();
        Assert.Equal(24, password.Length);
        Assert.Contains(run.Output, l => l.Contains("admin@localhost") && l.Contains(passwordFile));
        Assert.DoesNotContain(run.Output, l => l.Contains(password));
        // No certificate configured: the keys are wrapped with one made beside the database, owner-only too.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(run.DataFolder, KeyProtection.MadeHere)));

        var login = await browser.GetPageAsync("/staff/login");
        var signedIn = await browser.SubmitAsync(login, "form.card", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@localhost",
            ["Input.Password"] = password,
        }, action: "/staff/login");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // An administrator's next step is to set up the second factor.
        Assert.Equal(TwoFactorSetup.SetupPath, signedIn.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sefrou/file")).StatusCode);
        foreach (var file in Directory.GetFiles(run.DataFolder, "complaints.db*"))
            File.Delete(file);
        foreach (var (language, title) in new[] { ("fr", "Une erreur est survenue"), ("ar", "حدث خطأ") })
        {
            var citizen = await run.ClientAsync(language);
            var failed = await citizen.GetAsync("/sefrou/file");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            var page = await failed.Content.ReadAsStringAsync();
            Assert.Contains(title, page);
            Assert.DoesNotContain("Exception", page);
            Assert.DoesNotContain("Complaints.Web", page);
        }
    }

    [Fact]
    public async Task Typed_in_a_terminal_the_run_command_shows_the_first_login_there_once()
    {
        await using var run = SiteProcess.Run(inTerminal: true);
        await run.ClientAsync("fr");

        var password = (await File.ReadAllTextAsync(Path.Combine(run.DataFolder, DatabaseStartup.FirstPasswordFile))).Trim();
        Assert.Single(run.Output, l => l.Contains($"admin@localhost / {password}"));
    }
}
