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

    // Signs in through the pages, TOTP step included when the member has a key; answers the last redirect.
    public static async Task<string> SignInAsync(this HttpClient browser, StaffMember member, string? returnUrl = null)
    {
        var response = await browser.PostLoginAsync(member.Email, member.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (member.TotpKey is not null)
        {
            Assert.StartsWith("/staff/login/2fa", response.Target());
            response = await browser.PostCodeAsync(response.Target(), Totp.Code(member.TotpKey));
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

    // A six-digit code that the key does not give anywhere near now (Identity accepts two steps either side).
    public static string WrongCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(123456, 100).Select(n => n.ToString()).First(c => !near.Contains(c));
    }

    // The "sign out" button of the staff menu, with the token its own form carries. From the inbox by default: the
    // account page of a member without a second factor draws a new authenticator key, which itself renews the stamp.
    public static async Task<HttpResponseMessage> LogoutAsync(this HttpClient browser, string from = "/staff")
    {
        var page = await browser.GetPageAsync(from);
        return await browser.SubmitAsync(page, "header form[action='/staff/logout']");
    }

    public static string Dir(this IDocument page) => page.DocumentElement.GetAttribute("dir") ?? "";
}
