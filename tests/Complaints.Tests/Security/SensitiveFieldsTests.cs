using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Tests.Pages.Staff;

namespace Complaints.Tests.Security;

// Passwords are typed masked and left to the browser's password manager (named for what they are, never refused to
// paste); reference, access code, one-time code and staff-only entries are never kept by the browser's autofill.
public abstract class SensitiveFieldsTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Passwords_are_masked_and_left_to_password_managers()
    {
        var admin = await App.PlatformAdminAsync();
        var browser = App.Browser("fr");
        await browser.SignInAsync(admin);
        var pages = new[] { (App.Browser("fr"), "/staff/login"), (browser, "/staff/account"), (browser, "/staff/admin/users?commune=sefrou") };
        var seen = 0;
        foreach (var (client, url) in pages)
        {
            var page = await client.GetPageAsync(url);
            foreach (var input in page.QuerySelectorAll("input").Where(i => (i.GetAttribute("name") ?? "").Contains("Password", StringComparison.OrdinalIgnoreCase)))
            {
                seen++;
                Assert.Equal("password", input.GetAttribute("type"));
                Assert.Contains(input.GetAttribute("autocomplete"), new[] { "current-password", "new-password" });
                Assert.False(input.HasAttribute("onpaste"), url);
            }
        }
        Assert.True(seen >= 4, $"{seen} password fields");
    }

    [Fact]
    public async Task Codes_and_references_are_never_kept_by_autofill()
    {
        var browser = App.Browser("fr");
        var form = await browser.GetPageAsync("/sefrou/file");
        var receipt = (await browser.PostFormAsync("/sefrou/file", form, Samples.Complaint())).Headers.Location!.OriginalString;
        await browser.GetPageAsync(receipt);
        // A later visit asks for the code again.
        foreach (var (url, names) in new[] { ("/track", new[] { "Reference", "Code" }), (receipt, new[] { "Code" }) })
        {
            var page = await browser.GetPageAsync(url);
            foreach (var name in names)
                Assert.Equal("off", page.QuerySelector($"input[name='{name}']")!.GetAttribute("autocomplete"));
        }
    }

    // Addresses end up in histories, proxy logs and Referer headers: the code travels in form bodies only.
    [Fact]
    public async Task The_access_code_never_travels_in_an_address()
    {
        var browser = App.Browser("fr");
        var form = await browser.GetPageAsync("/sefrou/file");
        var filed = await browser.PostFormAsync("/sefrou/file", form, Samples.Complaint());
        var receiptUrl = filed.Headers.Location!.OriginalString;
        var receipt = await browser.GetPageAsync(receiptUrl);
        var code = receipt.QuerySelector(".secret")!.TextContent.Trim();
        Assert.Equal(8, code.Length);
        Assert.DoesNotContain(code, receiptUrl, StringComparison.OrdinalIgnoreCase);
        foreach (var link in receipt.QuerySelectorAll("a[href], form[action]"))
            Assert.DoesNotContain(code, link.GetAttribute("href") ?? link.GetAttribute("action") ?? "", StringComparison.OrdinalIgnoreCase);

        var other = App.Browser("fr");
        var tracked = await other.PostFormAsync("/track", await other.GetPageAsync("/track"),
            new Dictionary<string, string> { ["Reference"] = receiptUrl.Split('/').Last().Split('?')[0], ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, tracked.StatusCode);
        Assert.DoesNotContain(code, tracked.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    public sealed class OnSqlite() : SensitiveFieldsTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : SensitiveFieldsTests(DatabaseKind.Postgres);
}
