using System.Net;
using System.Net.Http.Json;
using Complaints.Tests.Api;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;
using Complaints.Web.Staff;

namespace Complaints.Tests.Security;

// However busy a member keeps a session, it ends twelve hours after the password was typed (SignIn:AbsoluteLifetime).
public abstract class SessionLifetimeTests(DatabaseKind kind) : StaffApiTest(kind)
{
    [Fact]
    public async Task A_member_who_keeps_working_is_asked_to_sign_in_again_after_twelve_hours()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        for (var hour = 1; hour < 12; hour++)
        {
            App.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        }
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.StartsWith("/staff/login", (await browser.GetAsync("/staff")).Target());
        // Signing in again opens a new twelve hours.
        await browser.SignInAsync(cell);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_session_refreshed_by_a_new_password_still_ends_twelve_hours_after_its_sign_in()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var browser = App.Browser("fr");
        await browser.SignInAsync(cell);
        App.Clock.Advance(TimeSpan.FromHours(3));
        var page = await browser.GetPageAsync("/staff/account");
        var changed = await browser.PostFormAsync("/staff/account?handler=Password", page,
            new Dictionary<string, string> { ["Password.Current"] = cell.Password, ["Password.New"] = "Brand-New-Passw0rd" });
        Assert.Equal("/staff/account", changed.Target());
        for (var hour = 4; hour < 12; hour++)
        {
            App.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        }
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.StartsWith("/staff/login", (await browser.GetAsync("/staff")).Target());
    }

    [Fact]
    public async Task An_API_client_refreshing_its_token_every_hour_must_sign_in_again_after_twelve_hours()
    {
        var cell = await App.CreateAsync(Roles.ComplaintsCell);
        var tokens = await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
        for (var hour = 1; hour < 12; hour++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(55));
            await ListAsync(StaffAuthApiTests.WithToken(App.CreateClient(), tokens.GetProperty("accessToken").GetString()!));
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            tokens = await OkAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
                new { refreshToken = tokens.GetProperty("refreshToken").GetString() }));
        }
        App.Clock.Advance(TimeSpan.FromMinutes(55));
        await ListAsync(StaffAuthApiTests.WithToken(App.CreateClient(), tokens.GetProperty("accessToken").GetString()!));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        // At twelve hours the last access token, still within its own hour, and the refresh token both stop.
        var list = await StaffAuthApiTests.WithToken(App.CreateClient(), tokens.GetProperty("accessToken").GetString()!).GetAsync("/api/v1/complaints");
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        var problem = await ProblemAsync(await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() }), HttpStatusCode.Unauthorized);
        Assert.Equal("Ce jeton de renouvellement n'est plus valable : reconnectez-vous.", problem.GetProperty("detail").GetString());
        await OkAsync(await App.CreateClient().LoginAsync(cell.Email, cell.Password));
    }

    public sealed class OnSqlite() : SessionLifetimeTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SessionLifetimeTests(DatabaseKind.Postgres);
}
