using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.Infrastructure;

using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>
/// The sample sub-journey in the real Studio (headless Chromium): samples/review-request-flow.json ("Usable as activity")
/// and samples/review-journey.json, which uses it, imported through the API; the sub-journey's type is in the palette
/// under its category, and the journey that uses it opens in the designer with the sub-journey as one of its nodes.
/// </summary>
public sealed class SubJourneyBrowserTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    private static JsonObject Sample(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(HeadlessChromium.RepositoryRoot(), "samples", file)))!.AsObject();

    [Fact]
    public async Task The_sub_journey_is_in_the_palette_and_the_journey_using_it_opens_in_the_designer()
    {
        var flow = Sample("review-request-flow.json");
        var journey = Sample("review-journey.json");
        var api = _host.ApiClient();
        foreach (var definition in new[] { flow, journey })
        {
            var imported = await api.PostAsync("/elsa/api/workflow-definitions/import", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(new Uri(_host.BaseAddress, "/studio/definitions/review-journey").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await page.ClickAsync("button[type=submit]");

        var activities = journey["root"]!["activities"]!.AsArray().Count;
        var connections = journey["root"]!["connections"]!.AsArray().Count;
        await page.Locator(".x6-node").First.WaitForAsync(new() { Timeout = 120_000 });
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() == activities, $"{activities} nodes");
        await WaitForAsync(async () => await page.Locator(".x6-edge").CountAsync() == connections, $"{connections} connections");
        var subJourneyNode = page.Locator("g[data-cell-id='reviewFlow']");
        await subJourneyNode.WaitForAsync();
        Assert.Contains((string)flow["name"]!, await subJourneyNode.TextContentAsync() ?? "", StringComparison.OrdinalIgnoreCase);
        await HeadlessChromium.ScreenshotAsync(page, "subjourney-01-journey-using-it");

        // The palette lists the sub-journey under its category ("Journeys"), by its name.
        var category = (string)flow["options"]!["activityCategory"]!;
        await page.GetByText(category, new() { Exact = true }).First.ClickAsync();
        var paletteItem = page.Locator(".mud-expand-panel").GetByText((string)flow["name"]!, new() { Exact = true }).First;
        await paletteItem.WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await paletteItem.IsVisibleAsync());
        await HeadlessChromium.ScreenshotAsync(page, "subjourney-02-palette");
    }
}
