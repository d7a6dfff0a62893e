using System.Net;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// A browser signed in as a member of staff without the login page: the app's own SignInManager writes
// the Identity cookie into a fake request, and the client carries it with the antiforgery cookies.
public static class StaffBrowser
{
    // elsewhere: another instance on the same database, to which the browser brings the cookie this one issued.
    public static async Task<HttpClient> StaffBrowserAsync(this TestApp app, StaffMember member, string language = "fr", TestApp? elsewhere = null)
    {
        var cookies = new CookieContainer();
        var baseAddress = new Uri("http://localhost");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<StaffUser>>();
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Scheme = baseAddress.Scheme;
            http.Request.Host = new HostString(baseAddress.Host);
            signIn.Context = http;
            var user = await users.FindByIdAsync(member.Id) ?? throw new InvalidOperationException($"No staff member {member.Email}.");
            await signIn.SignInAsync(user, isPersistent: false);
            foreach (var header in http.Response.Headers.SetCookie)
                cookies.SetCookies(baseAddress, header!);
        }
        Assert.NotEmpty(cookies.GetCookies(baseAddress));
        var client = (elsewhere ?? app).CreateDefaultClient(baseAddress, new CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }
}
