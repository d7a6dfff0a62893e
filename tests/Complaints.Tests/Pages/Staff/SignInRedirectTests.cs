using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages.Staff;

// Where someone who has not signed in is sent. The cookie alone decides, before any member of staff is read: SQLite only.
public abstract class SignInRedirectTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_staff_page_without_sign_in_sends_to_the_login_page_and_remembers_where()
    {
        var response = await App.Browser("fr").GetAsync("/staff/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/login?ReturnUrl=%2Fstaff%2Faccount", response.Target());
    }

    [Fact]
    public async Task The_code_page_without_the_password_step_sends_back_to_the_login()
    {
        var response = await App.Browser("fr").GetAsync("/staff/login/2fa");
        Assert.Equal("/staff/login", response.Target());
    }

    public sealed class OnSqlite() : SignInRedirectTests(DatabaseKind.Sqlite);
}
