using Microsoft.Playwright;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>Debian's Chromium (scripts/install-test-deps.sh) driven by Playwright, and where screenshots go.</summary>
public static class HeadlessChromium
{
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Args });
        return (playwright, browser);
    }

    /// <summary>The repository root (where PostPurchase.sln is).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PostPurchase.sln"))) return dir.FullName;
        throw new InvalidOperationException("PostPurchase.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/ (kept as a test artefact).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "artifacts", "screenshots")).FullName;
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
