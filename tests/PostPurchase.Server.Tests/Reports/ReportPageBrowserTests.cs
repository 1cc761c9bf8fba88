using Microsoft.Playwright;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Reports;

/// <summary>The report pages in headless Chromium: sign in, pick the journey and the period, read the figures and charts.</summary>
public sealed class ReportPageBrowserTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        await ReportScenario.RecordAsync(_host.Services);
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Signed_in_marketer_reads_the_report_with_its_charts()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });

        // /reports asks for the Studio sign-in and comes back to the list of journeys.
        await page.GotoAsync(new Uri(_host.BaseAddress, "/reports").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await page.ClickAsync("button[type=submit]");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Journey reports" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Thank-you journey" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Report: Thank-you journey" }).WaitForAsync();

        // Choose the scenario's week with the period form.
        await page.FillAsync("input[name=from]", ReportScenario.From);
        await page.FillAsync("input[name=to]", ReportScenario.To);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync($"**/studio/reports/{ReportScenario.DefinitionId}?from={ReportScenario.From}&to={ReportScenario.To}");

        Assert.Equal("3", await page.InnerTextAsync("#journeys-started strong"));
        Assert.Equal("3", await page.InnerTextAsync("#messages-sent strong"));
        Assert.Equal("1", await page.InnerTextAsync("#clicks strong"));
        Assert.Equal("1", await page.InnerTextAsync("#conversions strong"));
        Assert.Equal("EUR 1,234.50", await page.InnerTextAsync("#revenue strong"));

        var offer = await Cells(page, "offer");
        Assert.Equal(["3", "2", "1unsubscribed 1", "0", "2", "0", "1", "1", "1", "0", "–", "1", "EUR 1,234.50", "1", "1", "120", "0"], offer);
        var reminder = await Cells(page, "reminder");
        Assert.Equal(["1", "1", "0", "1quiet hours 1"], reminder.Take(4));
        Assert.Equal("2", reminder[^1]);

        // Charts: starts per day, a funnel per message step, conversion per branch; each bar says its number.
        Assert.Equal(1, await page.Locator("svg.starts[role=img]").CountAsync());
        Assert.Equal(2, await page.Locator("svg.funnel[role=img]").CountAsync());
        Assert.Equal(1, await page.Locator("svg.branches[role=img]").CountAsync());
        var dayTitles = await page.Locator("svg.starts rect.bar title").AllTextContentsAsync();
        Assert.Equal(7, dayTitles.Count);
        Assert.Contains("2026-03-02: 2 started", dayTitles);
        var offerFunnel = await page.Locator("svg.funnel").First.Locator("rect.bar title").AllTextContentsAsync();
        Assert.Equal(["Sent: 2", "Delivered: 2", "Opened (approx.): 1", "Clicked: 1", "Conversions: 1"], offerFunnel);
        Assert.Equal(["ai: 50.0 %", "static: 0.0 %"], await page.Locator("svg.branches rect.bar title").AllTextContentsAsync());
        var sentBar = (await page.Locator("svg.funnel").First.Locator("rect.bar").First.BoundingBoxAsync())!;
        var clickedBar = (await page.Locator("svg.funnel").First.Locator("rect.bar").Nth(3).BoundingBoxAsync())!;
        Assert.Equal(0.5, clickedBar.Width / sentBar.Width, precision: 2);

        Assert.Equal(2, await page.Locator(".verdicts .badge.pending").CountAsync()); // click rate and conversion rate, static vs ai
        Assert.Contains("not yet significant", await page.InnerTextAsync(".verdicts"));
        Assert.Contains("last clicked within 7 days", await page.InnerTextAsync(".windows"));

        await HeadlessChromium.ScreenshotAsync(page, "journey-report");
        Assert.True(File.Exists(Path.Combine(HeadlessChromium.RepositoryRoot(), "artifacts", "screenshots", "journey-report.png")));
    }

    /// <summary>The step's figures in column order (after its name).</summary>
    private static async Task<IReadOnlyList<string>> Cells(IPage page, string activityId) =>
        (await page.Locator($"tr[data-step={activityId}] td").AllInnerTextsAsync()).Select(t => t.Replace("\n", "").Trim()).ToList();
}
