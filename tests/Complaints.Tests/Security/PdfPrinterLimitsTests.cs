using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Receipts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Complaints.Tests.Security;

// Each PDF is a whole browser: a few at a time, each for a bounded time, sandboxed, with no script and no network.
// A shell script stands in for Chromium and says what it was given and when it runs.
public sealed class PdfPrinterLimitsTests : IDisposable
{
    readonly FakeBrowser browser = new();
    readonly TestClock clock = new(new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero));

    PdfPrinter Printer(string mode, params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        values["Pdf:Chromium"] = browser.Script(mode);
        return new PdfPrinter(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), clock, NullLogger<PdfPrinter>.Instance);
    }

    [Fact]
    public async Task Three_prints_at_once_run_two_at_a_time_and_the_third_when_one_ends()
    {
        var printer = Printer("hold", ("Pdf:MaxConcurrent", "2"), ("Pdf:QueueTimeout", "600"), ("Pdf:Timeout", "3600"));
        var prints = Enumerable.Range(0, 3).Select(_ => printer.PrintAsync("<p>reçu</p>", CancellationToken.None)).ToArray();

        await FakeBrowser.UntilAsync(() => browser.Started.Count == 2 && printer.Waiting == 1);
        browser.Release(browser.Started[0]);
        await FakeBrowser.UntilAsync(() => browser.Started.Count == 3);
        Assert.Equal(0, printer.Waiting);
        browser.ReleaseAll();

        foreach (var print in await Task.WhenAll(prints))
        {
            Assert.Equal(PdfOutcome.Printed, print.Outcome);
            Assert.True(print.Pdf.AsSpan().StartsWith("%PDF-"u8));
        }
        Assert.All(browser.Started, pid => Assert.False(Directory.Exists(browser.WorkFolderOf(pid)), "the work folder is removed"));
    }

    [Fact]
    public async Task A_browser_that_never_ends_is_stopped_at_the_time_limit_with_its_children_and_files()
    {
        var printer = Printer("hang", ("Pdf:Timeout", "5"));
        var print = printer.PrintAsync("<p>reçu</p>", CancellationToken.None);
        await FakeBrowser.UntilAsync(() => browser.Started.Count == 1);
        await clock.TimersSetAsync(TimeSpan.FromSeconds(5), 1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(PdfOutcome.Failed, (await print).Outcome);
        var pid = browser.Started.Single();
        var child = int.Parse(File.ReadAllText(Path.Combine(browser.Folder, $"child-{pid}")));
        await FakeBrowser.UntilAsync(() => !FakeBrowser.IsRunning(pid) && !FakeBrowser.IsRunning(child));
        Assert.False(Directory.Exists(browser.WorkFolderOf(pid)), "the work folder is removed");
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public async Task The_browser_keeps_its_sandbox_unless_told_and_runs_no_script_and_reaches_no_network(string sandbox, bool noSandbox)
    {
        var print = await Printer("print", ("Pdf:Sandbox", sandbox)).PrintAsync("<p>reçu</p>", CancellationToken.None);
        Assert.Equal(PdfOutcome.Printed, print.Outcome);
        var args = browser.ArgumentsOf(browser.Started.Single());
        Assert.Equal(noSandbox, args.Contains("--no-sandbox"));
        Assert.Contains("default-src 'none'", browser.PageOf(browser.Started.Single()));
        Assert.Contains("--host-resolver-rules=MAP * ~NOTFOUND", args);
        Assert.Contains("--proxy-bypass-list=<-loopback>", args);
        Assert.Contains(args, a => a.StartsWith("--proxy-server=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task As_root_without_a_setting_the_browser_runs_without_its_sandbox()
    {
        // Chromium refuses to start its sandbox as root; the test runs as whoever runs the suite.
        var print = await Printer("print").PrintAsync("<p>reçu</p>", CancellationToken.None);
        Assert.Equal(PdfOutcome.Printed, print.Outcome);
        var args = browser.ArgumentsOf(browser.Started.Single());
        Assert.True(!Environment.IsPrivilegedProcess || args.Contains("--no-sandbox"));
    }

    public void Dispose() => browser.Dispose();
}

// The receipt page when every printer is busy past the wait: 503, Retry-After, and where to print instead.
public abstract class PdfBusyPageTests(DatabaseKind kind) : AppTest(kind)
{
    readonly FakeBrowser browser = new();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Pdf:Chromium"] = browser.Script("hold"),
        ["Pdf:MaxConcurrent"] = "1",
        ["Pdf:QueueTimeout"] = "10",
        ["Pdf:Timeout"] = "120",
    };

    [Theory]
    [InlineData("fr", "Trop de documents sont en cours d'impression : le PDF n'a pas pu être préparé. Réessayez dans un moment, ou imprimez cette page depuis votre navigateur : elle est faite pour l'impression.")]
    [InlineData("ar", "وثائق كثيرة قيد الطباعة: تعذر إعداد ملف PDF. أعيدوا المحاولة بعد قليل، أو اطبعوا هذه الصفحة من متصفحكم: إنها معدة للطباعة.")]
    public async Task A_receipt_asked_while_the_printer_is_busy_past_the_wait_answers_503_with_Retry_After(string language, string message)
    {
        var client = App.Browser(language);
        var form = await client.GetPageAsync("/safi/file");
        var filed = await client.PostFormAsync("/safi/file", form, Samples.Complaint());
        var receipt = await client.GetPageAsync(filed.Headers.Location!.OriginalString);
        var printer = App.Services.GetRequiredService<PdfPrinter>();
        var held = printer.PrintAsync("<p>another receipt</p>", CancellationToken.None);
        await FakeBrowser.UntilAsync(() => browser.Started.Count == 1);

        var asked = client.PostFormAsync("/receipt/SAF-2026-000001?handler=Pdf", receipt,
            new Dictionary<string, string> { ["Code"] = receipt.QuerySelector(".secret")!.TextContent });
        await App.Clock.TimersSetAsync(TimeSpan.FromSeconds(10), 2, CancellationToken.None);
        await FakeBrowser.UntilAsync(() => printer.Waiting == 1);
        App.Clock.Advance(TimeSpan.FromSeconds(11));

        var response = await asked;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var page = await response.ParseAsync();
        Assert.Equal(message, page.QuerySelector("[role=alert]")!.TextContent.Trim());
        // The page itself, printable from the browser, is what the message points to.
        Assert.NotNull(page.QuerySelector("[data-print]"));

        browser.ReleaseAll();
        Assert.Equal(PdfOutcome.Printed, (await held).Outcome);
        Assert.Single(browser.Started);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        browser.Dispose();
    }

    public sealed class OnSqlite() : PdfBusyPageTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : PdfBusyPageTests(DatabaseKind.Postgres);
}

// A stand-in for Chromium: a shell script that records its arguments and work folder, then prints at once ("print"),
// waits for the test to release it ("hold"), or starts a child and never ends ("hang").
sealed class FakeBrowser : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("complaints-fake-chromium-").FullName;

    public string Script(string mode)
    {
        var run = mode switch
        {
            "print" => "",
            "hold" => "while [ -d \"$d\" ] && [ ! -e \"$d/release-$$\" ] && [ ! -e \"$d/release-all\" ]; do sleep 0.05; done",
            "hang" => "sleep 3600 & echo $! > \"$d/child-$$\"; touch \"$d/started-$$\"; wait; exit 0",
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        var path = Path.Combine(Folder, $"chromium-{mode}");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            d='{{Folder}}'
            printf '%s\n' "$@" > "$d/args-$$"
            for a in "$@"; do
              case "$a" in
                --print-to-pdf=*) pdf="${a#--print-to-pdf=}" ;;
                file://*) cp "${a#file://}" "$d/page-$$.html" ;;
                --user-data-dir=*) mkdir -p "${a#--user-data-dir=}" && echo state > "${a#--user-data-dir=}/Local State" ;;
              esac
            done
            echo "$TMPDIR" > "$d/work-$$"
            [ "{{mode}}" = hang ] || touch "$d/started-$$"
            {{run}}
            printf '%s' '%PDF-1.4 fake' > "$pdf"
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    // The process ids of the scripts that started, in the order they did.
    public List<int> Started => new DirectoryInfo(Folder).GetFiles("started-*").OrderBy(f => f.CreationTimeUtc)
        .Select(f => int.Parse(f.Name["started-".Length..])).ToList();

    public string[] ArgumentsOf(int pid) => File.ReadAllLines(Path.Combine(Folder, $"args-{pid}"));

    public string PageOf(int pid) => File.ReadAllText(Path.Combine(Folder, $"page-{pid}.html"));

    public string WorkFolderOf(int pid) => File.ReadAllText(Path.Combine(Folder, $"work-{pid}")).Trim();

    public void Release(int pid) => File.WriteAllText(Path.Combine(Folder, $"release-{pid}"), "");

    public void ReleaseAll() => File.WriteAllText(Path.Combine(Folder, "release-all"), "");

    // Alive, not merely a zombie waiting to be reaped.
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Waits for something the scripts or the printer do in their own time; the bound only stops a broken run.
    public static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
            await Task.Delay(25);
        Assert.True(condition(), "the awaited state was never reached");
    }

    public void Dispose()
    {
        ReleaseAll();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
