using Complaints.Web.Hosting;

namespace Complaints.Tests.Hosting;

// The one rule for a return address: a path of this site that can stand in a Location header, or the fallback.
public class LocalUrlTests
{
    [Theory]
    [InlineData("/staff/account", "/staff/account")]
    [InlineData("/", "/")]
    [InlineData("/staff?tab=late&sort=-filed", "/staff?tab=late&sort=-filed")]
    [InlineData("/caf\u00e9", "/caf%C3%A9")]
    [InlineData("/staff?q=\u0637\u0631\u064a\u0642 1", "/staff?q=%D8%B7%D8%B1%D9%8A%D9%82%201")]
    [InlineData("/track/SEF-2026-000001%20x", "/track/SEF-2026-000001%20x")]
    public void A_path_of_this_site_is_kept_with_non_ASCII_letters_percent_encoded(string url, string expected) =>
        Assert.Equal(expected, LocalUrl.Or(url, "/fallback"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("staff")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/staff\\..\\x")]
    [InlineData("https://evil.example")]
    [InlineData("\t/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/x\r\nSet-Cookie: a=b")]
    [InlineData("/x\u0000")]
    [InlineData("/x\u0085")]
    public void Anything_else_gives_the_fallback(string? url) =>
        Assert.Equal("/fallback", LocalUrl.Or(url, "/fallback"));
}
