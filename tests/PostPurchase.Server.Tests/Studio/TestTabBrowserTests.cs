using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;

using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>
/// The designer's Test tab in the real Studio (headless Chromium): the shipped journey's confirmation email, Test →
/// Start shows the rendered subject and no error bar; and the rendered confirmation with the shop's layout, looked at
/// in Chromium. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class TestTabBrowserTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        // The repository's workflows/: the shipped journey, its catalogue and the email layout (samples/ beside it).
        _host = new StudioTestHost(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Workflows:Directory"] = Path.Combine(HeadlessChromium.RepositoryRoot(), "workflows"),
            ["Store:Name"] = "Acme Photo", ["Store:LegalName"] = "Acme Photo Ltd", ["Store:PostalAddress"] = "1 Main St, Springfield, IL 62701, USA",
        });
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Test_then_Start_on_the_confirmation_email_shows_the_rendered_subject_without_an_error_bar()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 3600, Height = 1100 } });
        await page.GotoAsync(new Uri(_host.BaseAddress, "/studio/definitions/post-purchase").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await page.ClickAsync("button[type=submit]");

        var confirmation = page.Locator("g[data-cell-id='confirmation']");
        await confirmation.WaitForAsync(new() { Timeout = 120_000 });
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() > 10, "the journey drawn");
        // The journey is 4,600 px wide: on a wide window the designer's "zoom to fit" (its toolbar's first button) shows
        // nearly every step; the confirmation may still overhang the canvas's left edge, so click its visible part.
        var canvas = (await page.Locator(".x6-graph").First.BoundingBoxAsync())!;
        foreach (var button in await page.Locator("button.mud-icon-button:visible").AllAsync())
            if (await button.BoundingBoxAsync() is { } b && b.Y < canvas.Y && b.Y > canvas.Y - 80 && b.X >= canvas.X - 20)
            {
                await button.ClickAsync();
                break;
            }

        // Then pan right (drag the empty top of the canvas) until the confirmation step is wholly on screen.
        await WaitForAsync(async () => (await confirmation.BoundingBoxAsync())!.X + 200 > canvas.X, "zoomed to fit", TimeSpan.FromSeconds(30));
        for (var attempt = 0; attempt < 3 && (await confirmation.BoundingBoxAsync())!.X < canvas.X + 20; attempt++)
        {
            var (x, y) = (canvas.X + canvas.Width / 2, canvas.Y + 15);
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            var before = (await confirmation.BoundingBoxAsync())!.X;
            await page.Mouse.MoveAsync(x + 300, y + 5, new() { Steps = 20 });
            await page.Mouse.UpAsync();
            try
            {
                await WaitForAsync(async () => (await confirmation.BoundingBoxAsync())!.X > before, "the canvas to pan", TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // The designer missed this drag: the loop drags again.
            }
        }

        var box = (await confirmation.BoundingBoxAsync())!;
        Assert.True(box.X >= canvas.X, $"the confirmation step is off the canvas (x {box.X} < {canvas.X})");
        await page.Mouse.ClickAsync(box.X + 30, box.Y + box.Height / 2); // its icon and title, not its ports
        await HeadlessChromium.ScreenshotAsync(page, "test-tab-00-selected");
        await page.GetByText("Reply-To").First.WaitForAsync(new() { Timeout = 30_000, State = WaitForSelectorState.Attached }); // the Send Email's inputs: it is selected
        var testTab = page.Locator(".mud-tab").GetByText("Test", new() { Exact = true });
        await testTab.WaitForAsync(new() { Timeout = 30_000 });
        await testTab.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        // samples/purchase.json (no purchase has reached this server yet): order A-1001.
        await page.GetByText("Your order A-1001 is confirmed").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByText("Completed", new() { Exact = true }).First.WaitForAsync(new() { Timeout = 10_000, State = WaitForSelectorState.Attached }); // the Status panel
        await page.GetByText("Your order A-1001 is confirmed").First.ScrollIntoViewIfNeededAsync(); // the State panel: Subject, To, Gateway
        await HeadlessChromium.ScreenshotAsync(page, "test-tab-01-confirmation");
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), "the Studio shows 'An unhandled error has occurred'");
        Assert.Equal(0, await page.GetByText("An unhandled error has occurred").Locator("visible=true").CountAsync());
    }

    [Fact]
    public async Task The_rendered_confirmation_email_with_the_layout_in_Chromium()
    {
        var api = _host.ApiClient();
        var definition = await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/post-purchase?versionOptions=Latest"));
        var result = await Json.ReadAsync(await api.PostAsync("/elsa/api/tests/activities", Json.Body(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionVersionId"] = (string)definition["id"]! },
            ["activityHandle"] = new JsonObject { ["activityId"] = "confirmation" },
        }.ToJsonString())));
        var html = (string)result["message"]!["html"]!;

        foreach (var (scheme, name) in new[] { (ColorScheme.Light, "email-confirmation-light"), (ColorScheme.Dark, "email-confirmation-dark") })
        {
            var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 700, Height = 900 }, ColorScheme = scheme, JavaScriptEnabled = false });
            await page.SetContentAsync(html);
            var card = page.Locator("table.pp-card");
            Assert.Equal(600, (int)(await card.BoundingBoxAsync())!.Width);
            Assert.True(await page.GetByText("Your order").First.IsVisibleAsync() || await page.GetByText("thank you for your order").First.IsVisibleAsync());
            Assert.True(await page.GetByText("Acme Photo Ltd, 1 Main St, Springfield, IL 62701, USA").IsVisibleAsync());
            Assert.True(await page.GetByText("Email preferences").IsVisibleAsync());
            await HeadlessChromium.ScreenshotAsync(page, name);
            if (scheme == ColorScheme.Dark)
            {
                var background = await card.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
                Assert.Equal("rgb(28, 33, 39)", background); // the dark card from the layout's prefers-color-scheme rules
            }

            await page.CloseAsync();
        }
    }
}
