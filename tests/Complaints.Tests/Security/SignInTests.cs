using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Audit;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Security;

// Signing in tells nothing about which addresses have an account, and guessing makes the guesser wait, never the
// account's owner elsewhere: one answer for every failure, one password hash checked whoever is named, failures
// counted per account and address and per address, on the pages, the API and the TOTP step.
public abstract class SignInTests(DatabaseKind kind) : AppTest(kind)
{
    const string Wrong = "Wrong-Passw0rd!";
    const string Attacker = "203.0.113.66";
    const string Office = "198.51.100.20";

    readonly int smtpPort = SmtpTestServer.FreePort();

    // The request-rate limits per address are another guard with their own tests: here only the throttle counts.
    protected override Dictionary<string, string?> Settings => new()
    {
        ["RateLimiting:Enabled"] = "false",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(),
        ["Email:From"] = "Plateforme <no-reply@communes.example>",
    };

    static readonly Dictionary<string, (string Refused, string Wait30)> Words = new()
    {
        ["fr"] = ("Adresse e-mail ou mot de passe incorrect.", "Trop d'essais depuis cette adresse : réessayez dans 30 secondes."),
        ["ar"] = ("البريد الإلكتروني أو كلمة المرور غير صحيحة.", "محاولات كثيرة من هذا العنوان: أعد المحاولة بعد 30 ثانية."),
    };

    HttpClient Browser(string address, string language = "fr") => App.Browser(language).From(address);

    HttpClient Api(string address, string language = "fr")
    {
        var client = App.CreateClient().From(address);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    static async Task<string?> PageRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ParseAsync()).FieldError("Input_Password");
    }

    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // A member who left, and one invited who has not chosen a password yet.
    async Task<(StaffMember Deactivated, StaffMember Invited)> FormerAndInvitedAsync()
    {
        var deactivated = await App.CreateAsync(Roles.ComplaintsCell);
        var invited = await App.CreateAsync(Roles.ComplaintsCell);
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == deactivated.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAt, now)));
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == invited.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, (string?)null).SetProperty(u => u.InvitedAt, now)));
        return (deactivated, invited);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_page_says_the_same_words_for_every_failure_and_while_throttled(string language)
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var (deactivated, invited) = await FormerAndInvitedAsync();
        var (refused, wait) = Words[language];
        var attempts = new (string Email, string Password)[]
        {
            ("nobody@example.test", Staff.Password), (cell.Email, Wrong), (deactivated.Email, deactivated.Password), (invited.Email, Staff.Password),
        };
        foreach (var (email, password) in attempts)
            Assert.Equal(refused, await PageRefusalAsync(await Browser(Office, language).PostLoginAsync(email, password)));

        // Five failures against a known and an unknown address from one place: the next attempt at either waits,
        // told in the same words, and the right password is not even looked at.
        foreach (var email in new[] { cell.Email, "nobody@example.test" })
            for (var i = 0; i < SignInThrottling.AccountFailures; i++)
                await Browser(Attacker, language).PostLoginAsync(email, Wrong);
        var known = await PageRefusalAsync(await Browser(Attacker, language).PostLoginAsync(cell.Email, cell.Password));
        var unknown = await PageRefusalAsync(await Browser(Attacker, language).PostLoginAsync("nobody@example.test", Staff.Password));
        Assert.Equal($"{refused} {wait}", known);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task The_password_is_checked_exactly_as_typed_however_long()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        // Neither case, nor a space before or after, nor a missing last character passes (each from its own address,
        // so that the throttle is not what refuses them).
        var near = new[] { cell.Password.ToUpperInvariant(), cell.Password.ToLowerInvariant(), cell.Password + " ", " " + cell.Password, cell.Password[..^1] };
        for (var i = 0; i < near.Length; i++)
            Assert.Equal(Words["fr"].Refused, await PageRefusalAsync(await Browser($"198.51.100.{30 + i}").PostLoginAsync(cell.Email, near[i])));

        // A passphrase of more than a hundred characters is kept whole: all of it signs in, its first 72 characters do not.
        const string passphrase = "the olive terrace above the old medina keeps its lanterns lit long after the last call to prayer has faded";
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByIdAsync(cell.Id))!;
            Assert.True((await users.RemovePasswordAsync(user)).Succeeded);
            Assert.True((await users.AddPasswordAsync(user, passphrase)).Succeeded);
        }
        Assert.Equal(Words["fr"].Refused, await PageRefusalAsync(await Browser(Office).PostLoginAsync(cell.Email, passphrase[..72])));
        Assert.Equal("/staff", await Browser(Office).SignInAsync(cell with { Password = passphrase }));
    }

    [Fact]
    public async Task The_API_answers_the_same_problem_for_every_failure_and_429_alike_while_throttled()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var (deactivated, invited) = await FormerAndInvitedAsync();
        var answers = new List<(string?, string?)>();
        foreach (var (email, password) in new[] { ("nobody@example.test", Staff.Password), (cell.Email, Wrong), (deactivated.Email, deactivated.Password), (invited.Email, Staff.Password) })
        {
            var problem = await ProblemAsync(await Api(Office).LoginAsync(email, password), HttpStatusCode.Unauthorized);
            answers.Add((problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        }
        Assert.All(answers, a => Assert.Equal(("Connexion refusée", Words["fr"].Refused), a));

        foreach (var email in new[] { cell.Email, "nobody@example.test" })
            for (var i = 0; i < SignInThrottling.AccountFailures; i++)
                await ProblemAsync(await Api(Attacker).LoginAsync(email, Wrong), HttpStatusCode.Unauthorized);
        var throttled = new List<(string?, string?, string)>();
        foreach (var (email, password) in new[] { (cell.Email, cell.Password), ("nobody@example.test", Staff.Password) })
        {
            var response = await Api(Attacker).LoginAsync(email, password);
            var problem = await ProblemAsync(response, HttpStatusCode.TooManyRequests);
            throttled.Add((problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString(), response.Headers.RetryAfter!.ToString()));
        }
        Assert.All(throttled, t => Assert.Equal(("Connexion refusée", $"{Words["fr"].Refused} {Words["fr"].Wait30}", "30"), t));
    }

    // A behavioural check, not a stopwatch: the hasher the test host gives Identity counts the verifications.
    [Fact]
    public async Task An_unknown_address_costs_one_password_hash_check_like_a_known_one()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var (deactivated, invited) = await FormerAndInvitedAsync();
        var cases = new (string Email, string Password)[]
        {
            ("nobody@example.test", Staff.Password), (cell.Email, Wrong), (deactivated.Email, deactivated.Password), (invited.Email, Staff.Password),
            (cell.Email, cell.Password),
        };
        foreach (var (email, password) in cases)
        {
            var before = App.PasswordChecks.Count;
            await Browser(Office).PostLoginAsync(email, password);
            Assert.True(App.PasswordChecks.Count - before == 1, $"page, {email}: {App.PasswordChecks.Count - before} checks");
            before = App.PasswordChecks.Count;
            await Api(Office).LoginAsync(email, password);
            Assert.True(App.PasswordChecks.Count - before == 1, $"API, {email}: {App.PasswordChecks.Count - before} checks");
        }
    }

    [Fact]
    public async Task Fifty_failures_from_one_address_never_delay_the_administrator_from_another()
    {
        var admin = await App.PlatformAdminAsync();
        var guesser = Api(Attacker);
        // Fifty guesses really checked: the guesser waits out each delay on the app's clock.
        for (var failures = 0; failures < 50;)
        {
            var response = await guesser.LoginAsync(admin.Email, $"{Wrong}{failures}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                App.Clock.Advance(response.Headers.RetryAfter!.Delta!.Value);
            else
            {
                await ProblemAsync(response, HttpStatusCode.Unauthorized);
                failures++;
            }
        }
        Assert.Equal(50, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.LoginFailed)));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.LoginAsync(admin.Email, admin.Password, Totp.Code(admin.TotpKey!, App.Clock.GetUtcNow()))).StatusCode);

        // At once, from the office, with the right password and code.
        Assert.Equal("/staff", await Browser(Office).SignInAsync(admin));
    }

    [Fact]
    public async Task From_the_guessing_address_even_the_right_password_waits_until_the_delay_has_passed()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var browser = Browser(Attacker);
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            Assert.Equal(Words["fr"].Refused, await PageRefusalAsync(await browser.PostLoginAsync(cell.Email, Wrong)));

        Assert.Equal($"{Words["fr"].Refused} {Words["fr"].Wait30}", await PageRefusalAsync(await browser.PostLoginAsync(cell.Email, cell.Password)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/account")).StatusCode);
        App.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal($"{Words["fr"].Refused} {Words["fr"].Wait30.Replace("30", "10")}",
            await PageRefusalAsync(await browser.PostLoginAsync(cell.Email, cell.Password)));

        App.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("/staff", await browser.SignInAsync(cell));
        // The success cleared this address's counter for the account: a slip of the finger is a plain failure again.
        Assert.Equal(Words["fr"].Refused, await PageRefusalAsync(await Browser(Attacker).PostLoginAsync(cell.Email, Wrong)));
    }

    [Fact]
    public async Task Each_further_failure_doubles_the_wait_up_to_a_quarter_of_an_hour()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var guesser = Api(Attacker);
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            await ProblemAsync(await guesser.LoginAsync(cell.Email, Wrong), HttpStatusCode.Unauthorized);
        var waits = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var throttled = await guesser.LoginAsync(cell.Email, Wrong);
            await ProblemAsync(throttled, HttpStatusCode.TooManyRequests);
            var wait = throttled.Headers.RetryAfter!.Delta!.Value;
            waits.Add((int)wait.TotalSeconds);
            App.Clock.Advance(wait);
            await ProblemAsync(await guesser.LoginAsync(cell.Email, Wrong), HttpStatusCode.Unauthorized);
        }
        Assert.Equal([30, 60, 120, 240, 480, 900, 900, 900], waits);
        var problem = await ProblemAsync(await guesser.LoginAsync(cell.Email, Wrong), HttpStatusCode.TooManyRequests);
        Assert.Equal($"{Words["fr"].Refused} Trop d'essais depuis cette adresse : réessayez dans 15 minutes.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_day_without_failures_forgets_the_counters()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var guesser = Api(Attacker);
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            await ProblemAsync(await guesser.LoginAsync(cell.Email, Wrong), HttpStatusCode.Unauthorized);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        // Five free failures again, then the first wait.
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            await ProblemAsync(await guesser.LoginAsync(cell.Email, Wrong), HttpStatusCode.Unauthorized);
        var response = await guesser.LoginAsync(cell.Email, Wrong);
        await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal([5, 5], await App.WithDbAsync(db => db.SignInThrottles.Select(t => t.Failures).ToListAsync()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_429_of_a_throttled_sign_in_and_its_Retry_After()
    {
        var document = await (await App.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();
        var throttled = document.GetProperty("paths").GetProperty("/api/v1/auth/login").GetProperty("post").GetProperty("responses").GetProperty("429");
        Assert.True(throttled.GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal("integer", throttled.GetProperty("headers").GetProperty("Retry-After").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_against_many_accounts_make_that_address_wait()
    {
        for (var i = 0; i < SignInThrottling.AddressFailures; i++)
            await ProblemAsync(await Api(Attacker).LoginAsync($"guess{i}@example.test", Wrong), HttpStatusCode.Unauthorized);
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        await ProblemAsync(await Api(Attacker).LoginAsync(cell.Email, cell.Password), HttpStatusCode.TooManyRequests);
        var token = await Api(Office).LoginAsync(cell.Email, cell.Password);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task TOTP_guesses_wait_like_passwords_on_the_page_and_the_API()
    {
        var member = await App.CreateAsync(Roles.ComplaintsCell, "kenitra", twoFactor: true);
        var browser = Browser(Attacker, "ar");
        var step = (await browser.PostLoginAsync(member.Email, member.Password)).Target();
        Assert.StartsWith("/staff/login/2fa", step);
        var wrong = SignInForms.WrongCode(member.TotpKey!, App.Clock.GetUtcNow());
        const string refused = "هذا الرمز غير صالح. أدخل الرمز المعروض حاليا.";
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
            Assert.Equal(refused, (await (await browser.PostCodeAsync(step, wrong)).ParseAsync()).FieldError("Code"));

        var waiting = await browser.PostCodeAsync(step, Totp.Code(member.TotpKey!, App.Clock.GetUtcNow()));
        Assert.Equal($"{refused} {Words["ar"].Wait30}", (await waiting.ParseAsync()).FieldError("Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/staff/account")).StatusCode);
        // The same counter holds on the API, password right or not.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Api(Attacker).LoginAsync(member.Email, member.Password, wrong)).StatusCode);

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/staff", (await browser.PostCodeAsync(step, Totp.Code(member.TotpKey!, App.Clock.GetUtcNow()))).Target());
    }

    [Fact]
    public async Task TOTP_guesses_on_the_API_are_counted_and_throttled()
    {
        var member = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var wrong = SignInForms.WrongCode(member.TotpKey!, App.Clock.GetUtcNow());
        for (var i = 0; i < SignInThrottling.AccountFailures; i++)
        {
            var problem = await ProblemAsync(await Api(Attacker).LoginAsync(member.Email, member.Password, wrong), HttpStatusCode.Unauthorized);
            Assert.Equal(Words["fr"].Refused, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Api(Attacker).LoginAsync(member.Email, member.Password, Totp.Code(member.TotpKey!, App.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(SignInThrottling.AccountFailures, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.LoginFailed)));
    }

    [Fact]
    public async Task Forgot_answers_alike_for_known_and_unknown_addresses_and_mails_only_the_known_one()
    {
        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "kenitra");
        async Task<(HttpStatusCode, string)> AskAsync(string email, string language)
        {
            var browser = Browser(Office, language);
            var response = await browser.SubmitAsync(await browser.GetPageAsync("/staff/forgot"), "form", new Dictionary<string, string> { ["Email"] = email }, "/staff/forgot");
            return (response.StatusCode, (await response.ParseAsync()).QuerySelector(".notice")!.TextContent);
        }
        foreach (var language in new[] { "fr", "ar" })
            Assert.Equal(await AskAsync(cell.Email, language), await AskAsync("nobody.here@kenitra.example", language));

        // Both requests did the same work: each wrote its audit row in one save; only the known one queued a mail.
        Assert.Equal(4, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.NewPasswordRequested)));
        Assert.Equal(2, (await App.SendOutboxAsync()).Sent);
        var received = await smtp.WaitForAsync(2);
        Assert.All(received, m => Assert.Equal(cell.Email, m.To.Mailboxes.Single().Address));
    }

    public sealed class OnSqlite() : SignInTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SignInTests(DatabaseKind.Postgres);
}
