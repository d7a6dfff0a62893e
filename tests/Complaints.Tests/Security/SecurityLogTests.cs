using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Security;

// What the operator reads in the application log: each refusal as a warning under Complaints.Security, saying who or
// which address, what and why, and never a password, token or access code; each unexpected error with its exception.
public abstract class SecurityLogTests(DatabaseKind kind) : AppTest(kind)
{
    const string Client = "203.0.113.77";

    protected override Dictionary<string, string?> Settings => new()
    {
        ["RateLimiting:Tracking:PermitLimit"] = "1",
    };

    LogCapture.Entry Single(string eventName) =>
        Assert.Single(App.Logs.In(SecurityLog.Category), e => e.EventId.Name == eventName && e.Level == LogLevel.Warning);

    void NowhereInTheLog(params string[] secrets)
    {
        foreach (var entry in App.Logs.Entries)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_agent_refused_an_admin_page_or_api_is_logged_by_member_and_path()
    {
        var member = await App.CreateAsync(Roles.ServiceAgent, service: "eclairage");
        var browser = await App.StaffBrowserAsync(member);
        var page = await browser.GetAsync("/staff/admin/deadlines");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/staff/denied", page.Headers.Location!.AbsolutePath);
        var refusal = Single("AuthorizationRefused");
        Assert.Contains("GET /staff/admin/deadlines", refusal.Message);
        Assert.Contains(member.Id, refusal.Message);

        var api = await App.ApiAsync(member);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/communes/sefrou/users")).StatusCode);
        Assert.Contains(App.Logs.In(SecurityLog.Category), e => e.EventId.Name == "AuthorizationRefused"
            && e.Message.Contains("GET /api/v1/communes/sefrou/users") && e.Message.Contains(member.Id));
        NowhereInTheLog(member.Password, member.Email);
    }

    [Fact]
    public async Task A_form_posted_with_a_forged_antiforgery_token_is_logged_with_the_address_and_no_secret()
    {
        var browser = App.Browser().From(Client);
        var form = await browser.GetPageAsync("/staff/login");
        const string forged = "CfDJ8-forged-token-value";
        const string password = "Typed-Secret-Passw0rd";
        var response = await browser.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = forged,
            ["Input.Email"] = "someone@example.test",
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refusal = Single("AntiforgeryRefused");
        Assert.Contains("POST /staff/login", refusal.Message);
        Assert.Contains(Client, refusal.Message);
        NowhereInTheLog(forged, form.Token(), password, "someone@example.test");
    }

    [Fact]
    public async Task A_request_past_its_limit_is_logged_with_the_limit_and_the_address()
    {
        var guesser = App.Browser().From(Client);
        var form = await guesser.GetPageAsync("/track");
        HttpContent Guess(string code) => new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token(),
            ["Reference"] = "SEF-2026-000001",
            ["Code"] = code,
        });
        Assert.Equal(HttpStatusCode.OK, (await guesser.PostAsync("/track", Guess("GUESS001"))).StatusCode);
        Assert.Empty(App.Logs.In(SecurityLog.Category));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsync("/track", Guess("GUESS002"))).StatusCode);
        var refusal = Single("RateLimited");
        Assert.Contains("Tracking", refusal.Message);
        Assert.Contains(Client, refusal.Message);
        NowhereInTheLog("GUESS001", "GUESS002");
    }

    [Fact]
    public async Task A_throttled_sign_in_is_logged_with_the_address_and_neither_the_email_nor_the_password()
    {
        var member = await App.CreateAsync(Roles.ComplaintsCell);
        var attacker = App.Browser().From(Client);
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            await attacker.PostLoginAsync(member.Email, $"Wrong-Passw0rd-{i}");
        Assert.Empty(App.Logs.In(SecurityLog.Category));
        await attacker.PostLoginAsync(member.Email, member.Password);
        var refusal = Single("SignInThrottled");
        Assert.Contains(Client, refusal.Message);
        NowhereInTheLog(member.Email, member.Password, "Wrong-Passw0rd-0");
    }

    [Fact]
    public async Task An_unexpected_error_is_logged_with_its_exception_and_the_visitor_sees_none()
    {
        // A database that lost a table: every page reading the communes fails.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Communes\" RENAME TO \"CommunesGone\""));
        var response = await App.Browser().GetAsync("/sefrou/file");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("CommunesGone", await response.Content.ReadAsStringAsync());
        var error = Assert.Single(App.Logs.Entries, e => e.Level == LogLevel.Error && e.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal));
        // The operator reads the cause the visitor was spared.
        Assert.Contains("Communes", error.Exception!.ToString());
    }

    public sealed class OnSqlite() : SecurityLogTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SecurityLogTests(DatabaseKind.Postgres);
}
