using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>
/// The shipped journey in the real Studio (headless Chromium): every activity and connection drawn; a Send SMS dragged
/// from the palette and connected to a port; published from the editor's toolbar; journeys already running stay on v2 (the shipped version).
/// </summary>
public sealed class ShippedJourneyBrowserTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private JsonObject _shipped = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        _shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(HeadlessChromium.RepositoryRoot(), "workflows", "post-purchase.json")))!.AsObject();
        await _host.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(_shipped.DeepClone().AsObject(), "workflows/post-purchase.json");
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_shipped_journey_is_drawn_a_dropped_send_sms_is_connected_and_publishing_keeps_running_journeys_on_v2()
    {
        var runtime = _host.Services.GetRequiredService<WorkflowRuntime>();
        var purchase = new JsonObject { ["purchase"] = new JsonObject { ["provider"] = "generic", ["orderId"] = "S-1", ["customer"] = new JsonObject { ["email"] = "ada@example.com" } } };
        var running = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "post-purchase", Input = purchase.DeepClone().AsObject(), CorrelationId = "S-1" });
        Assert.True(running.SubStatus == WorkflowSubStatus.Suspended, $"{running.SubStatus}: {string.Join("; ", running.State.Incidents.Select(i => i.Message))}");

        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(new Uri(_host.BaseAddress, "/studio/definitions/post-purchase").ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", StudioTestHost.Password);
        await page.ClickAsync("button[type=submit]");

        var activities = _shipped["root"]!["activities"]!.AsArray().Count;
        var connections = _shipped["root"]!["connections"]!.AsArray().Count;
        await page.Locator(".x6-node").First.WaitForAsync(new() { Timeout = 120_000 });
        await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() == activities, $"{activities} nodes");
        await WaitForAsync(async () => await page.Locator(".x6-edge").CountAsync() == connections, $"{connections} connections");
        await HeadlessChromium.ScreenshotAsync(page, "journey-01-shipped");

        // Drag "Send SMS" from the Messaging category onto the canvas.
        await page.GetByText("Messaging", new() { Exact = true }).First.ClickAsync();
        var paletteItem = page.Locator(".mud-expand-panel").GetByText("Send SMS", new() { Exact = true }).First;
        await paletteItem.WaitForAsync(new() { Timeout = 30_000 });
        var canvas = page.Locator(".x6-graph-svg").First;
        await StudioDesigner.DropAsync(page, paletteItem, canvas, activities + 1, 300, 110, "journey-01b-drop-not-registered");
        var known = _shipped["root"]!["activities"]!.AsArray().Select(a => (string)a!["id"]!).ToHashSet();
        var cellIds = await page.Locator(".x6-node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-cell-id'))");
        var smsId = cellIds.Single(id => !known.Contains(id));

        // Connect the new activity's "Sent" port to the review request's input (dragging from a port that already has a
        // connection would pick that connection up instead of drawing a new one).
        await DragAsync(page, page.Locator($"g[data-cell-id='{smsId}'] g.x6-port-body[port='Sent']"), page.Locator("g[data-cell-id='review'] g.x6-port-body[port='In']"));
        await HeadlessChromium.ScreenshotAsync(page, "journey-02-send-sms-connected");
        await WaitForAsync(async () => await page.Locator(".x6-edge").CountAsync() == connections + 1, "the new connection");

        var api = _host.ApiClient();
        JsonNode? draft = null;
        await WaitForAsync(async () =>
        {
            draft = await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/post-purchase?versionOptions=Latest"));
            return draft["root"]!["connections"]!.AsArray().Any(c => (string?)c!["source"]!["activity"] == smsId);
        }, "the auto-saved draft with the connected Send SMS");
        Assert.Equal(3, (int)draft!["version"]!);
        Assert.Contains(draft["root"]!["activities"]!.AsArray(), a => (string?)a!["id"] == smsId && (string?)a["type"] == "PostPurchase.SendSms");
        Assert.Contains(draft["root"]!["connections"]!.AsArray(), c => (string?)c!["source"]!["activity"] == smsId && (string?)c["source"]!["port"] == "Sent" && (string?)c["target"]!["activity"] == "review");

        // Publish with the editor's own toolbar button.
        // The toolbar: layout tools, then Save, Publish (the primary-coloured cloud icon), its menu, and Run.
        await page.Locator("button.mud-icon-button.mud-primary-text:visible").First.ClickAsync();
        await WaitForAsync(async () =>
            (int?)(await Json.ReadAsync(await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/post-purchase?versionOptions=Published")))["version"] == 3,
            "version 3 published");
        await HeadlessChromium.ScreenshotAsync(page, "journey-03-published");

        var stillRunning = (await _host.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(running.Id))!;
        Assert.Equal((2, WorkflowSubStatus.Suspended), (stillRunning.DefinitionVersion, stillRunning.SubStatus));
        var next = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "post-purchase", Input = purchase.DeepClone().AsObject(), CorrelationId = "S-2" });
        Assert.Equal(3, next.DefinitionVersion);
    }

    /// <summary>
    /// A pointer drag from an out port to an in port. The ports sit on the node's border and the node's HTML covers
    /// their inner half, so the pointer goes down on the outer half of each port's hit area.
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        var a = (await from.BoundingBoxAsync())!;
        var b = (await to.BoundingBoxAsync())!;
        a = new() { X = a.X + 7, Y = a.Y, Width = a.Width, Height = a.Height };
        b = new() { X = b.X - 7, Y = b.Y, Width = b.Width, Height = b.Height };
        await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2, new() { Steps = 3 });
        await Task.Delay(200);
        await page.Mouse.DownAsync();
        await Task.Delay(200);
        await page.Mouse.MoveAsync(a.X + a.Width / 2 + 30, a.Y + a.Height / 2 + 30, new() { Steps = 10 });
        await page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 20 });
        await Task.Delay(200);
        await page.Mouse.UpAsync();
    }
}
