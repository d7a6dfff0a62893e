using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Complaints.Web.Api;

// GeoReport v2 XML written from the JSON of the same answer, so the two never drift apart.
public static class Open311Xml
{
    // A list is written as repeated children named after the list: <services><service>...
    static readonly Dictionary<string, string> ItemNames = new()
    {
        ["services"] = "service",
        ["attributes"] = "attribute",
        ["values"] = "value",
        ["endpoints"] = "endpoint",
        ["formats"] = "format",
        ["service_requests"] = "request",
        ["errors"] = "error",
    };

    public static string Write(string root, JsonElement body)
    {
        using var writer = new Utf8StringWriter();
        new XDocument(new XDeclaration("1.0", "utf-8", null), Element(root, body)).Save(writer);
        return writer.ToString();
    }

    static XElement Element(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new XElement(name, XmlSafe(value.GetString()!)),
        JsonValueKind.True => new XElement(name, "true"),
        JsonValueKind.False => new XElement(name, "false"),
        JsonValueKind.Number => new XElement(name, value.GetRawText()),
        JsonValueKind.Object => new XElement(name, value.EnumerateObject().Select(f => Element(f.Name, f.Value))),
        JsonValueKind.Array => new XElement(name, value.EnumerateArray().Select(i => Element(ItemNames[name], i))),
        _ => new XElement(name),
    };

    // A control character typed by a citizen must not make the whole list unreadable.
    static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
            return text;
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                safe.Append(text, i++, 2);
            else if (XmlConvert.IsXmlChar(text[i]))
                safe.Append(text[i]);
        }
        return safe.ToString();
    }

    sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
