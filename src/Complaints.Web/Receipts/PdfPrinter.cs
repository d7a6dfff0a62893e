using System.Diagnostics;

namespace Complaints.Web.Receipts;

// Prints an HTML page to PDF with headless Chromium: it shapes Arabic, orders right-to-left text
// and falls back between fonts, which no .NET PDF library here does (docs/decisions).
public sealed class PdfPrinter(IConfiguration config, ILogger<PdfPrinter> log)
{
    static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public string? Browser => config["Pdf:Chromium"] is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    public bool IsAvailable => Browser is { } path && File.Exists(path);

    public async Task<byte[]?> PrintAsync(string html, CancellationToken ct)
    {
        if (Browser is not { } browser || !File.Exists(browser))
            return null;
        var work = Directory.CreateTempSubdirectory("complaints-pdf-");
        try
        {
            var page = Path.Combine(work.FullName, "page.html");
            var pdf = Path.Combine(work.FullName, "page.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--print-to-pdf={pdf}",
                new Uri(page).AbsoluteUri,
            })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (!File.Exists(pdf))
            {
                log.LogError("Chromium printed no PDF (exit {Code}): {Error}", process.ExitCode, await stderr);
                return null;
            }
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
