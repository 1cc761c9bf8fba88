using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;
using Xunit.Abstractions;

using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>The real Elsa Studio 3.8.2 package in headless Debian Chromium against this server on a real port.</summary>
public sealed class StudioBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    private const float BootTimeoutMs = 120_000;
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        await _host.ImportSampleAsync("greeting");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Sign_in_edit_publish_and_view_an_instance_in_the_real_studio()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var cspViolations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, m) =>
        {
            if (m.Type != "error") return;
            output.WriteLine("console: " + m.Text);
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Enqueue(m.Text);
        };
        // Every Studio document arrives under the strict policy (asserted, so the test proves it ran under it).
        var documentPolicies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Response += (_, r) =>
        {
            if (r.Request.ResourceType == "document") documentPolicies.Enqueue(r.Headers.TryGetValue("content-security-policy", out var csp) ? csp : "");
        };

        // Sign in (the editor URL redirects to the sign-in page and back).
        await page.GotoAsync(new Uri(_host.BaseAddress, "/studio/definitions/greeting").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await Screenshot(page, "01-sign-in");
        var loadClock = Stopwatch.StartNew();
        await page.ClickAsync("button[type=submit]");

        // The shipped-style flow renders: three nodes (cold load measured to the first drawn node).
        await page.Locator(".x6-node").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        var coldLoad = loadClock.Elapsed;
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() == 3, "three nodes drawn");
        output.WriteLine($"Studio cold load to first node: {coldLoad.TotalSeconds:F1} s");
        WriteArtifact("studio-cold-load.txt", $"{coldLoad.TotalSeconds:F1} s from sign-in submit to the first .x6-node (headless Chromium, real package, loopback)\n");
        await Screenshot(page, "02-editor");

        // Drag a Write Line from the palette (category "Primitives", collapsed at first) onto the canvas.
        await page.GetByText("Primitives", new() { Exact = true }).First.ClickAsync();
        var paletteItem = page.Locator(".mud-expand-panel").GetByText("Write Line", new() { Exact = true }).First;
        await paletteItem.WaitForAsync(new() { Timeout = 30_000 });
        var canvas = page.Locator(".x6-graph-svg").First;
        var box = (await canvas.BoundingBoxAsync())!;
        await StudioDesigner.DropAsync(page, paletteItem, canvas, 4, box.Width / 2, box.Height - 120, "03a-drop-not-registered");
        await Screenshot(page, "03-dropped-write-line");

        // Auto-save stored the edit as draft version 2 (version 1 stays published); publishing it (the list's publish
        // action) makes version 2 the only published one. (ShippedJourneyBrowserTests publishes with the editor's button.)
        var api = _host.ApiClient();
        JsonNode? draft = null;
        await WaitForAsync(async () =>
        {
            draft = await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting?versionOptions=Latest"));
            return draft["root"]!["activities"]!.AsArray().Count == 4;
        }, "the auto-saved draft with the dropped activity");
        Assert.Equal(2, draft!["version"]!.GetValue<int>());
        Assert.False(draft["isPublished"]!.GetValue<bool>());
        await Json.ReadAsync(await api.PostAsync("/elsa/api/workflow-definitions/greeting/publish", Json.Body("{}")));
        var latest = await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting?versionOptions=Published"));
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        var history = await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions?versionOptions=AllVersions&DefinitionIds=greeting"));
        Assert.Equal(1, history["items"]!.AsArray().Count(v => v!["isPublished"]!.GetValue<bool>()));
        await page.ReloadAsync();
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() == 4, "published version drawn after reload");
        await Screenshot(page, "04-published");

        // Run the published flow and open the instance viewer: graph and journal of the finished instance.
        var run = await api.PostAsync("/elsa/api/workflow-definitions/greeting/execute", Json.Body("""{"versionOptions":"Published"}"""));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var instanceId = run.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        await page.GotoAsync(new Uri(_host.BaseAddress, $"/studio/workflows/instances/{instanceId}/view").ToString());
        await page.Locator(".x6-node").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() == 4, "instance graph drawn");
        await Screenshot(page, "05-instance-viewer");
        // The journal lists the finished instance's activity events.
        await page.GetByText("Completed").First.WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(page, "06-instance-journal");

        // All of the above ran under the strict Content-Security-Policy without a single violation.
        Assert.NotEmpty(documentPolicies);
        Assert.All(documentPolicies, csp =>
        {
            Assert.Contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-", csp);
            Assert.DoesNotContain("'unsafe-eval'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
        });
        Assert.Empty(cspViolations);
    }

    private static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory(), name + ".png"), FullPage = true });

    private static void WriteArtifact(string name, string text) => File.WriteAllText(Path.Combine(ArtifactsDirectory(), name), text);

    /// <summary><c>artifacts/screenshots/</c> at the repository root.</summary>
    private static string ArtifactsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostPurchase.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
