using System.Text;

namespace Complaints.Web.Hosting;

// The one rule for an address a request asks to be sent back to (a return address after signing in or
// switching language): a path of this site, written so that it can stand in a Location header.
public static class LocalUrl
{
    // A single leading '/' and nothing a browser could read as another host: not '//' or '/\', no
    // backslash (browsers take it for '/'), no control character (browsers drop tabs and line breaks,
    // so '/<tab>/evil.example' would become '//evil.example'). Non-ASCII letters (an accented or Arabic
    // path) and spaces are percent-encoded as UTF-8, since a header holds ASCII only. Anything else gives the fallback.
    public static string Or(string? url, string fallback)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || (url.Length > 1 && url[1] == '/'))
            return fallback;
        var text = new StringBuilder(url.Length);
        foreach (var rune in url.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value == '\\')
                return fallback;
            if (rune.IsAscii && rune.Value != ' ')
                text.Append((char)rune.Value);
            else
                Escape(text, rune);
        }
        return text.ToString();
    }

    static void Escape(StringBuilder text, Rune rune)
    {
        Span<byte> bytes = stackalloc byte[4];
        var length = rune.EncodeToUtf8(bytes);
        foreach (var b in bytes[..length])
            text.Append('%').Append(b.ToString("X2"));
    }
}
