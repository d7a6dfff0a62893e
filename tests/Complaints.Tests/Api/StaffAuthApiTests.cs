using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;

namespace Complaints.Tests.Api;

public abstract class StaffAuthApiTests(DatabaseKind kind) : StaffApiTest(kind)
{
    internal static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }


    [Fact]
    public async Task Login_answers_an_access_token_its_lifetime_and_a_refresh_token_that_open_the_API()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var client = App.CreateClient();
        var body = await OkAsync(await client.LoginAsync(cell.Email, cell.Password));
        Assert.Equal(3600, body.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
        WithToken(client, body.GetProperty("accessToken").GetString()!);
        Assert.Equal(0, (await ListAsync(client)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_401_problem_details()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var problem = await ProblemAsync(await App.CreateClient().LoginAsync(cell.Email, "Wrong-Passw0rd!"), HttpStatusCode.Unauthorized);
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var problem = await ProblemAsync(await App.CreateClient().LoginAsync("nobody@example.test", Staff.Password), HttpStatusCode.Unauthorized);
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_wrong_passwords_make_the_next_attempt_wait_and_then_the_right_one_is_refused_too()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var client = App.CreateClient();
        for (var i = 0; i < 4; i++)
            await ProblemAsync(await client.LoginAsync(cell.Email, $"Wrong-Passw0rd-{i}"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await client.LoginAsync(cell.Email, "Wrong-Passw0rd-5"), HttpStatusCode.Unauthorized);

        var response = await client.LoginAsync(cell.Email, cell.Password);
        var problem = await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("Adresse e-mail ou mot de passe incorrect. Trop d'essais depuis cette adresse : réessayez dans 30 secondes.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.False(problem.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Four_wrong_passwords_then_the_right_one_still_sign_in()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var client = App.CreateClient();
        for (var i = 0; i < 4; i++)
            await ProblemAsync(await client.LoginAsync(cell.Email, $"Wrong-Passw0rd-{i}"), HttpStatusCode.Unauthorized);
        await OkAsync(await client.LoginAsync(cell.Email, cell.Password));
    }

    [Theory]
    [InlineData(Roles.CommuneAdmin, "sefrou")]
    [InlineData(Roles.PlatformAdmin, null)]
    public async Task An_administrator_without_two_factor_is_asked_to_set_it_up(string role, string? commune)
    {
        var admin = await App.CreateAsync(role, commune, twoFactor: false);
        var problem = await ProblemAsync(await App.CreateClient().LoginAsync(admin.Email, admin.Password), HttpStatusCode.Forbidden);
        Assert.Equal("Les administrateurs doivent d'abord activer la vérification à deux facteurs sur le site du personnel.",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_administrator_with_two_factor_and_no_code_is_told_a_code_is_required()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var problem = await ProblemAsync(await App.CreateClient().LoginAsync(admin.Email, admin.Password), HttpStatusCode.Unauthorized);
        Assert.True(problem.GetProperty("twoFactorRequired").GetBoolean());
        Assert.Equal("Le code de vérification à deux facteurs est requis.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_two_factor_code_is_refused()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var wrong = Pages.Staff.SignInForms.WrongCode(admin.TotpKey!, App.Clock.GetUtcNow());
        var problem = await ProblemAsync(await App.CreateClient().LoginAsync(admin.Email, admin.Password, wrong), HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("twoFactorRequired", out _));
    }

    [Fact]
    public async Task A_wrong_password_with_a_right_code_is_still_refused()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        await ProblemAsync(await App.CreateClient().LoginAsync(admin.Email, "Wrong-Passw0rd!", await admin.CodeAsync()), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_right_two_factor_code_gives_a_token_even_written_with_a_space()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, twoFactor: true);
        var code = await admin.CodeAsync();
        var body = await OkAsync(await App.CreateClient().LoginAsync(admin.Email, admin.Password, code[..3] + " " + code[3..]));
        var client = WithToken(App.CreateClient(), body.GetProperty("accessToken").GetString()!);
        var services = await OkAsync(await client.GetAsync("/api/v1/communes/sefrou/services"));
        Assert.Contains("eclairage", services.EnumerateArray().Select(s => s.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_platform_administrator_signs_in_with_two_factor()
    {
        var admin = await App.PlatformAdminAsync();
        await OkAsync(await App.CreateClient().LoginAsync(admin.Email, admin.Password, await admin.CodeAsync()));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token_that_works()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var login = await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
        var refreshed = await OkAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = login.GetProperty("refreshToken").GetString() }));
        var token = refreshed.GetProperty("accessToken").GetString()!;
        Assert.False(string.IsNullOrEmpty(refreshed.GetProperty("refreshToken").GetString()));
        await ListAsync(WithToken(App.CreateClient(), token));
    }

    [Fact]
    public async Task A_refresh_token_still_works_after_the_access_token_expired()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var login = await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
        App.Clock.Advance(TimeSpan.FromHours(2));
        var refreshed = await OkAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = login.GetProperty("refreshToken").GetString() }));
        await ListAsync(WithToken(App.CreateClient(), refreshed.GetProperty("accessToken").GetString()!));
    }

    [Fact]
    public async Task A_refresh_token_is_refused_after_its_seven_days()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var login = await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
        App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await ProblemAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = login.GetProperty("refreshToken").GetString() }), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    public async Task A_garbage_refresh_token_is_refused_with_401(string token)
    {
        var problem = await ProblemAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token }),
            HttpStatusCode.Unauthorized);
        Assert.Equal("Ce jeton de renouvellement n'est plus valable : reconnectez-vous.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_access_token_is_not_a_refresh_token()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var login = await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
        await ProblemAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = login.GetProperty("accessToken").GetString() }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_works_for_its_hour_and_is_refused_after_it_on_the_apps_clock()
    {
        var client = await CellAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await ListAsync(client);
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/complaints")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_every_staff_endpoint_in_the_openapi_document_answers_401()
    {
        var cell = await CellAsync();
        var filed = await IntakeAsync(cell);
        var doc = await OkAsync(await App.CreateClient().GetAsync("/openapi/v1.json"));
        var anonymous = App.CreateClient();
        var checkedEndpoints = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/v1/", StringComparison.Ordinal) || path.Name.StartsWith("/api/v1/auth/", StringComparison.Ordinal)
                || path.Name.StartsWith("/api/v1/public/", StringComparison.Ordinal))
                continue;
            var url = path.Name.Replace("{reference}", filed.Reference).Replace("{code}", "sefrou").Replace("{id}", "1");
            foreach (var operation in path.Value.EnumerateObject())
            {
                var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url);
                if (operation.Name == "post")
                    request.Content = JsonContent.Create(new { text = "x", service = "voirie", admissible = true });
                var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Name} {url}: {(int)response.StatusCode}");
                checkedEndpoints++;
            }
        }
        Assert.True(checkedEndpoints >= 16, $"only {checkedEndpoints} staff endpoints found");
        // Nothing moved: the complaint is as it was filed.
        Assert.Equal("received", (await GetComplaintAsync(cell, filed.Reference)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_arabic_caller_is_refused_in_arabic()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var client = App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var problem = await ProblemAsync(await client.LoginAsync(cell.Email, "Wrong-Passw0rd!"), HttpStatusCode.Unauthorized);
        Assert.Equal("البريد الإلكتروني أو كلمة المرور غير صحيحة.", problem.GetProperty("detail").GetString());
        Assert.Equal("تم رفض تسجيل الدخول", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Each_sign_in_is_audited_and_so_is_each_failure()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var client = App.CreateClient();
        await ProblemAsync(await client.LoginAsync(cell.Email, "Wrong-Passw0rd!"), HttpStatusCode.Unauthorized);
        await OkAsync(await client.LoginAsync(cell.Email, cell.Password));
        var actions = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditEntries.Where(a => a.Action == "login" || a.Action == "login-failed").OrderBy(a => a.Id).Select(a => a.Action)));
        Assert.Equal(["login-failed", "login"], actions);
    }

    public sealed class OnSqlite() : StaffAuthApiTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : StaffAuthApiTests(DatabaseKind.Postgres);
}
