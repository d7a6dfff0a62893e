using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Pages;

public abstract class ReceiptPdfTests(DatabaseKind kind) : AppTest(kind)
{
    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_receipt_downloads_as_a_PDF_with_the_access_code(string language)
    {
        var client = App.Browser(language);
        var form = await client.GetPageAsync("/safi/file");
        var filed = await client.PostFormAsync("/safi/file", form, Samples.Complaint());
        var receipt = await client.GetPageAsync(filed.Headers.Location!.OriginalString);
        var pdfForm = receipt.QuerySelector("form[action*='handler=Pdf']")!;
        Assert.NotNull(pdfForm.QuerySelector("input[type=hidden][name=Code]"));

        var response = await client.PostFormAsync(pdfForm.GetAttribute("action")!, receipt,
            new Dictionary<string, string> { ["Code"] = receipt.QuerySelector(".secret")!.TextContent });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("SAF-2026-000001.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith("%PDF-"u8), "the answer is a PDF document");
        Assert.True(bytes.Length > 5_000, "the PDF carries text and embedded fonts");
        var keep = Environment.GetEnvironmentVariable("RECEIPT_PDF_DIR");
        if (!string.IsNullOrEmpty(keep))
            await File.WriteAllBytesAsync(Path.Combine(keep, $"receipt-{language}.pdf"), bytes);
    }

    [Fact]
    public async Task A_mistyped_code_is_refused_and_an_empty_one_prints_a_receipt_without_code()
    {
        var client = App.Browser("fr");
        var form = await client.GetPageAsync("/safi/file");
        var filed = await client.PostFormAsync("/safi/file", form, Samples.Complaint());
        await client.GetPageAsync(filed.Headers.Location!.OriginalString);
        // Later visit: the code is no longer on the page, the citizen must type it.
        var receipt = await client.GetPageAsync(filed.Headers.Location!.OriginalString);
        Assert.NotNull(receipt.QuerySelector("input[type=text][name=Code]"));
        var response = await client.PostFormAsync("/receipt/SAF-2026-000001?handler=Pdf", receipt,
            new Dictionary<string, string> { ["Code"] = "WRONG234" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Cette référence et ce code d'accès ne correspondent à aucune demande.", (await response.ParseAsync()).FieldError("Code"));

        response = await client.PostFormAsync("/receipt/SAF-2026-000001?handler=Pdf", receipt, new Dictionary<string, string> { ["Code"] = "" });
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Without_Chromium_the_page_says_what_to_install()
    {
        await App.DisposeAsync();
        var app = await TestApp.StartAsync(Kind, new() { ["Pdf:Chromium"] = "/nonexistent/chromium" });
        try
        {
            var client = app.Browser("fr");
            var form = await client.GetPageAsync("/safi/file");
            var filed = await client.PostFormAsync("/safi/file", form, Samples.Complaint());
            var receipt = await client.GetPageAsync(filed.Headers.Location!.OriginalString);
            Assert.Contains("apt-get install chromium", receipt.QuerySelector("form[action*='handler=Pdf']")!.TextContent);
            var response = await client.PostFormAsync("/receipt/SAF-2026-000001?handler=Pdf", receipt,
                new Dictionary<string, string> { ["Code"] = receipt.QuerySelector(".secret")!.TextContent });
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("apt-get install chromium", (await response.ParseAsync()).QuerySelector("[role=alert]")!.TextContent);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : ReceiptPdfTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ReceiptPdfTests(DatabaseKind.Postgres);
}
