using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using Xunit.Abstractions;

using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>
/// The marketer's loop in headless Chromium on the real Studio package: from the editor of the shipped journey the top
/// bar's Simulator link opens that journey in the simulator, which runs it on the sample purchase and shows the day-21
/// offer email rendered in its sandboxed frame; the bar leads back to the Studio, to the reports and back again.
/// </summary>
public sealed class SimulatorBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const float BootTimeoutMs = 120_000;
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Email:LayoutPath"] = Path.Combine(HeadlessChromium.RepositoryRoot(), "workflows", "email-layout.liquid"),
            ["Offers:DiscountCode"] = "SAVE10", ["Store:Name"] = "Test Shop", ["Email:From"] = "Shop <shop@shop.test>", ["Auth:AdminEmail"] = "me@shop.test",
        });
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(HeadlessChromium.RepositoryRoot(), "workflows", "post-purchase.json")))!.AsObject();
        await _host.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(shipped, "workflows/post-purchase.json");
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task From_the_editor_the_simulator_runs_the_shipped_journey_and_the_top_bar_leads_back()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        // On a busy shared machine a page's load event can lag far behind its content: wait for what the test reads.
        page.SetDefaultTimeout(60_000);
        var cspViolations = new ConcurrentQueue<string>();
        page.Console += (_, m) =>
        {
            if (m.Type != "error") return;
            output.WriteLine("console: " + m.Text);
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Enqueue(m.Text);
        };
        page.Response += (_, r) => { if (r.Status >= 400) output.WriteLine($"{r.Status} {r.Url}"); };
        page.FrameNavigated += (_, f) => { if (f == page.MainFrame) output.WriteLine("navigated: " + f.Url); };
        page.RequestFailed += (_, r) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} failed {r.Url} {r.Failure}");
        page.Load += (_, _) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} load {page.Url}");

        await page.GotoAsync(new Uri(_host.BaseAddress, "/studio/definitions/post-purchase").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".x6-node").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        await HeadlessChromium.ScreenshotAsync(page, "simulator-01-studio-top-bar");

        // Studio → Simulator: the link carries the open journey.
        await page.ClickAsync("#pp-nav-simulator");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/studio/simulator\?definitionId=post-purchase$"), new() { WaitUntil = WaitUntilState.Commit });
        Assert.Equal("post-purchase", await page.InputValueAsync("select[name=definitionId]"));
        Assert.Equal("file:purchase.json", await page.InputValueAsync("select[name=sample]"));

        await page.ClickAsync("#run-simulation");
        var offer = page.Locator("section.day[data-day='21'] li.message[data-activity='offerEmail']");
        await offer.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("Day 21", await page.InnerTextAsync("section.day[data-day='21'] h2"));

        // The offer email renders inside its sandboxed frame (srcdoc under our CSP), scripts off.
        Assert.Equal("", await offer.Locator("iframe.email").GetAttributeAsync("sandbox"));
        var frameBody = page.FrameLocator("li.message[data-activity='offerEmail'] iframe.email").Locator("body");
        await WaitForAsync(async () => (await frameBody.InnerTextAsync()).Contains("SAVE10", StringComparison.Ordinal), "the offer email's text in its frame");
        await offer.Locator("details.text-part summary").ClickAsync();
        Assert.Contains("SAVE10", await offer.Locator("details.text-part pre").InnerTextAsync());
        Assert.True(await offer.Locator("form.test-send button").IsVisibleAsync(), "Send me a test");
        await offer.ScrollIntoViewIfNeededAsync();
        await HeadlessChromium.ScreenshotAsync(page, "simulator-02-day-21-offer");
        var shots = Path.Combine(HeadlessChromium.RepositoryRoot(), "artifacts", "screenshots");
        await offer.ScreenshotAsync(new() { Path = Path.Combine(shots, "simulator-offer-element.png") });
        await page.Locator("#refunds").ScreenshotAsync(new() { Path = Path.Combine(shots, "simulator-refunds-element.png") });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "simulator-top.png") });

        // Choosing another sample loads it at once (simulator.js), ready to edit and run.
        await page.Locator("#choose[data-ready=true]").WaitForAsync();
        output.WriteLine("ready state before choosing a sample: " + await page.EvaluateAsync<string>("() => document.readyState"));
        await page.SelectOptionAsync("select[name=sample]", "file:stripe-checkout.json");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("sample=file%3Astripe-checkout\\.json"), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("select[name=provider]")).ToHaveValueAsync("stripe", new() { Timeout = 60_000 });
        Assert.Contains("checkout.session.completed", await page.InputValueAsync("textarea[name=payload]"));

        // Simulator → back to the Studio's workflow definitions.
        await page.ClickAsync("#pp-nav-definitions");
        await page.WaitForURLAsync("**/studio/", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("elsa-workflow-definition-list").WaitForAsync();

        // Studio → Reports → Studio.
        await page.ClickAsync("#pp-nav-reports");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Journey reports" }).WaitForAsync();
        await HeadlessChromium.ScreenshotAsync(page, "simulator-03-reports-top-bar");
        await page.ClickAsync("#pp-nav-instances");
        await page.WaitForURLAsync("**/studio/workflows/instances", new() { WaitUntil = WaitUntilState.Commit });
        await page.ClickAsync("#pp-nav-reports");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Journey reports" }).WaitForAsync();
        await page.ClickAsync("#pp-nav-definitions");
        await page.WaitForURLAsync("**/studio/", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("elsa-workflow-definition-list").WaitForAsync();

        Assert.Empty(cspViolations);
        Assert.True(File.Exists(Path.Combine(HeadlessChromium.RepositoryRoot(), "artifacts", "screenshots", "simulator-02-day-21-offer.png")));
    }
}
