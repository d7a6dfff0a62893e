using System.Diagnostics;

namespace Complaints.Web.Receipts;

public enum PdfOutcome { Printed, Missing, Busy, Failed }

// What came of one print: the PDF, or why there is none; a busy printer says when to come back.
public sealed record PdfPrint(PdfOutcome Outcome, byte[]? Pdf = null, TimeSpan RetryAfter = default);

// Prints an HTML page to PDF with headless Chromium: it shapes Arabic, orders right-to-left text
// and falls back between fonts, which no .NET PDF library here does (docs/decisions).
// Each print is a whole browser, so a few run at once, each for a bounded time, in Chromium's own sandbox
// where the host allows it, with no script and no network (docs/security.md, PDF printing).
public sealed class PdfPrinter
{
    static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    readonly IConfiguration config;
    readonly TimeProvider clock;
    readonly ILogger<PdfPrinter> log;
    readonly SemaphoreSlim slots;
    int waiting;

    public PdfPrinter(IConfiguration config, TimeProvider clock, ILogger<PdfPrinter> log)
    {
        (this.config, this.clock, this.log) = (config, clock, log);
        MaxConcurrent = Math.Max(1, config.GetValue("Pdf:MaxConcurrent", 2));
        QueueTimeout = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Pdf:QueueTimeout", 10.0)));
        Timeout = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Pdf:Timeout", 30.0)));
        Sandbox = config.GetValue<bool?>("Pdf:Sandbox") ?? HostAllowsSandbox();
        slots = new SemaphoreSlim(MaxConcurrent, MaxConcurrent);
    }

    public int MaxConcurrent { get; }
    public TimeSpan QueueTimeout { get; }
    public TimeSpan Timeout { get; }
    public bool Sandbox { get; }

    // Prints waiting for a free browser.
    public int Waiting => Volatile.Read(ref waiting);

    public string? Browser => config["Pdf:Chromium"] is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    public bool IsAvailable => Browser is { } path && File.Exists(path);

    public async Task<PdfPrint> PrintAsync(string html, CancellationToken ct)
    {
        if (Browser is not { } browser || !File.Exists(browser))
            return new(PdfOutcome.Missing);
        if (!await EnterAsync(ct))
        {
            log.LogWarning("No PDF printer free within {Seconds} s ({Max} at once): the print is refused.", QueueTimeout.TotalSeconds, MaxConcurrent);
            // A slot frees at the latest when the longest print running reaches its time limit.
            return new(PdfOutcome.Busy, RetryAfter: Timeout);
        }
        try
        {
            return await RunAsync(browser, html, ct);
        }
        finally
        {
            slots.Release();
        }
    }

    async Task<bool> EnterAsync(CancellationToken ct)
    {
        using var queue = new CancellationTokenSource(QueueTimeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, queue.Token);
        Interlocked.Increment(ref waiting);
        try
        {
            await slots.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    async Task<PdfPrint> RunAsync(string browser, string html, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("complaints-pdf-");
        try
        {
            var page = Path.Combine(work.FullName, "page.html");
            var pdf = Path.Combine(work.FullName, "page.pdf");
            await File.WriteAllTextAsync(page, Confined(html), ct);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var arg in Arguments(work.FullName, page, pdf))
                start.ArgumentList.Add(arg);
            // Whatever Chromium writes outside its profile lands in the work folder too, and goes with it.
            start.Environment["TMPDIR"] = work.FullName;
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var limit = new CancellationTokenSource(Timeout, clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
            try
            {
                await process.WaitForExitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                // The browser and every process it started: renderers, GPU and zygote helpers.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                if (ct.IsCancellationRequested)
                    throw;
                log.LogError("Chromium did not print within {Seconds} s and was stopped.", Timeout.TotalSeconds);
                return new(PdfOutcome.Failed);
            }
            if (!File.Exists(pdf))
            {
                log.LogError("Chromium printed no PDF (exit {Code}): {Error}", process.ExitCode, stderr.IsCompleted ? await stderr : "");
                return new(PdfOutcome.Failed);
            }
            return new(PdfOutcome.Printed, await File.ReadAllBytesAsync(pdf, ct));
        }
        finally
        {
            await RemoveAsync(work);
        }
    }

    IEnumerable<string> Arguments(string work, string page, string pdf)
    {
        yield return "--headless";
        // Chromium refuses its sandbox as root, and cannot build it where user namespaces are off.
        if (!Sandbox)
            yield return "--no-sandbox";
        foreach (var arg in new[]
        {
            "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
            // The page is complete (fonts installed, logo inline): no host name resolves, every connection goes nowhere.
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
            $"--user-data-dir={Path.Combine(work, "profile")}", $"--print-to-pdf={pdf}",
            new Uri(page).AbsoluteUri,
        })
            yield return arg;
    }

    // The page's own policy runs no script and loads nothing but what it carries inline. (Chromium's switch that turns
    // script off, --blink-settings=scriptEnabled=false, also stops headless printing.)
    const string Policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:\">";

    static string Confined(string html)
    {
        var head = html.IndexOf("<head", StringComparison.OrdinalIgnoreCase);
        var end = head < 0 ? -1 : html.IndexOf('>', head);
        return end < 0 ? Policy + html : html.Insert(end + 1, Policy);
    }

    // Processes killed a moment ago may still hold files in the folder; a few tries remove it.
    async Task RemoveAsync(DirectoryInfo work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                work.Refresh();
                if (work.Exists)
                    work.Delete(recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    log.LogWarning(e, "The PDF work folder {Folder} could not be removed.", work.FullName);
                    return;
                }
                // Real time, not the clock: this waits for the operating system, not for a date.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), CancellationToken.None);
            }
        }
    }

    // Root cannot use Chromium's sandbox, and it needs user namespaces, which some hosts turn off.
    static bool HostAllowsSandbox()
    {
        if (Environment.IsPrivilegedProcess || !OperatingSystem.IsLinux())
            return !Environment.IsPrivilegedProcess;
        static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        return Read("/proc/sys/user/max_user_namespaces") is not "0"
            && Read("/proc/sys/kernel/unprivileged_userns_clone") is not "0"
            && Read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") is not "1";
    }
}
