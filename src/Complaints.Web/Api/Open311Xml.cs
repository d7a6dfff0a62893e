using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Complaints.Web.Api;

// GeoReport v2 XML written from the same field maps as the JSON, so the two never drift apart.
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

    public static string Write(string root, object body)
    {
        using var writer = new Utf8StringWriter();
        new XDocument(new XDeclaration("1.0", "utf-8", null), Element(root, body)).Save(writer);
        return writer.ToString();
    }

    static XElement Element(string name, object? value) => value switch
    {
        null => new XElement(name),
        string text => new XElement(name, XmlSafe(text)),
        bool flag => new XElement(name, flag ? "true" : "false"),
        IDictionary<string, object?> fields => new XElement(name, fields.Select(f => Element(f.Key, f.Value))),
        IEnumerable<object?> items => new XElement(name, items.Select(i => Element(ItemNames[name], i))),
        IFormattable number => new XElement(name, number.ToString(null, CultureInfo.InvariantCulture)),
        _ => new XElement(name, XmlSafe(value.ToString() ?? "")),
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
