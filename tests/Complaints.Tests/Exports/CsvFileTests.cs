using System.Text;
using Complaints.Web.Exports;

namespace Complaints.Tests.Exports;

// The cell rule of every CSV the site writes: formulas made text (OWASP "CSV Injection"), RFC 4180 quoting.
public class CsvFileTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+212612345678", "'+212612345678")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("  =HYPERLINK(\"http://evil.example\")", "'  =HYPERLINK(\"http://evil.example\")")]
    [InlineData("\"=1+1\"", "'\"=1+1\"")]
    [InlineData(" \" @x", "' \" @x")]
    [InlineData("Benali", "Benali")]
    [InlineData("a=b", "a=b")]
    [InlineData("  ", "  ")]
    [InlineData("", "")]
    public void A_cell_that_starts_like_a_formula_even_after_spaces_or_quotes_gets_an_apostrophe(string text, string expected) =>
        Assert.Equal(expected, CsvFile.Guard(text));

    [Theory]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("\"quoted\"", "\"\"\"quoted\"\"\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain text", "plain text")]
    public void A_cell_holding_a_separator_a_quote_or_a_line_break_is_quoted_with_quotes_doubled(string text, string expected) =>
        Assert.Equal(expected, CsvFile.Cell(text));

    [Fact]
    public void A_written_file_has_a_BOM_semicolons_CRLF_and_guarded_quoted_cells()
    {
        var bytes = CsvFile.Write(["Nom", "Adresse"], [[" =1+1", "12, rue \"Atlas\""], [null, 3]]);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal("Nom;Adresse\r\n' =1+1;\"12, rue \"\"Atlas\"\"\"\r\n;3\r\n", Encoding.UTF8.GetString(bytes.AsSpan(3)));
    }
}
