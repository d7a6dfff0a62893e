using Microsoft.Playwright;

namespace Complaints.BrowserTests.Infrastructure;

// One Chromium per test class: Debian's, because Playwright's own download is not reachable.
public sealed class BrowserFixture : IAsyncLifetime
{
    IPlaywright playwright = null!;
    public IBrowser Browser { get; private set; } = null!;

    // A real photo, drawn and encoded by the browser itself.
    public byte[] Jpeg { get; private set; } = [];

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var page = await Browser.NewPageAsync();
        var dataUrl = await page.EvaluateAsync<string>("""
            () => {
                const canvas = document.createElement('canvas');
                canvas.width = 16;
                canvas.height = 12;
                const g = canvas.getContext('2d');
                g.fillStyle = '#0b5d3b';
                g.fillRect(0, 0, 16, 12);
                g.fillStyle = '#444';
                g.beginPath();
                g.arc(8, 6, 4, 0, 2 * Math.PI);
                g.fill();
                return canvas.toDataURL('image/jpeg', 0.8);
            }
            """);
        await page.CloseAsync();
        Jpeg = Convert.FromBase64String(dataUrl["data:image/jpeg;base64,".Length..]);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
