using System.Net;
using AngleSharp.Dom;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages.Staff;

// A member of staff in a browser: the sign-in form, the TOTP step, where a response sends them.
public static class SignInForms
{
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient browser, string email, string password, string? returnUrl = null)
    {
        var url = "/staff/login" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var form = await browser.GetPageAsync(url);
        return await browser.PostFormAsync(url, form, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
        });
    }

    public static async Task<HttpResponseMessage> PostCodeAsync(this HttpClient browser, string twoFactorUrl, string code)
    {
        var form = await browser.GetPageAsync(twoFactorUrl);
        var returnUrl = form.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value") ?? "";
        return await browser.PostFormAsync(twoFactorUrl, form, new Dictionary<string, string> { ["Code"] = code, ["ReturnUrl"] = returnUrl });
    }

    // The password step, then this code (from the authenticator, or a recovery code) on the second step.
    public static async Task<HttpResponseMessage> PostLoginAndCodeAsync(this HttpClient browser, StaffMember member, string code)
    {
        var login = await browser.PostLoginAsync(member.Email, member.Password);
        Assert.StartsWith("/staff/login/2fa", login.Target());
        return await browser.PostCodeAsync(login.Target(), code);
    }

    // Signs in through the pages, TOTP step included when the member has a key; answers the last redirect.
    public static async Task<string> SignInAsync(this HttpClient browser, StaffMember member, string? returnUrl = null)
    {
        var response = await browser.PostLoginAsync(member.Email, member.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (member.TotpKey is not null)
        {
            Assert.StartsWith("/staff/login/2fa", response.Target());
            response = await browser.PostCodeAsync(response.Target(), await member.CodeAsync());
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return response.Target();
    }

    // A browser in that language, signed in as the member through the pages.
    public static async Task<HttpClient> SignedInAsync(this TestApp app, StaffMember member, string language = "fr")
    {
        var browser = app.Browser(language);
        await browser.SignInAsync(member);
        return browser;
    }

    public static string Target(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect: {(int)response.StatusCode}");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    // Reads the key off the account page, as a person types it into their app, and confirms with the code it gives.
    public static async Task<(HttpResponseMessage Response, string Key)> EnableTotpAsync(this HttpClient browser, TestApp app)
    {
        var page = await browser.GetPageAsync("/staff/account");
        var key = page.QuerySelector(".shared-key")!.TextContent;
        var response = await browser.PostFormAsync("/staff/account?handler=Enable", page,
            new Dictionary<string, string> { ["Setup.Code"] = Totp.Code(key, app.Clock.GetUtcNow()) });
        return (response, key.Replace(" ", ""));
    }

    // A six-digit code that the key does not give anywhere near the app's now (not even a step either side, which would
    // be taken for a phone's clock that is off).
    public static string WrongCode(string key, DateTimeOffset now)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Totp.Code(key, now.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(123456, 100).Select(n => n.ToString()).First(c => !near.Contains(c));
    }

    // The "sign out" button of the staff menu, with the token its own form carries, from the inbox by default.
    public static async Task<HttpResponseMessage> LogoutAsync(this HttpClient browser, string from = "/staff")
    {
        var page = await browser.GetPageAsync(from);
        return await browser.SubmitAsync(page, "header form[action='/staff/logout']");
    }

    public static string Dir(this IDocument page) => page.DocumentElement.GetAttribute("dir") ?? "";
}
