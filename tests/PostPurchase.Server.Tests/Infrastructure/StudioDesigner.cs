using Microsoft.Playwright;
using static PostPurchase.Server.Tests.Infrastructure.Eventually;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>Gestures in the real Elsa Studio designer that need care on a busy machine.</summary>
public static class StudioDesigner
{
    /// <summary>
    /// Drags a palette item onto the canvas at (<paramref name="x"/>, <paramref name="y"/>) and waits until the designer
    /// shows <paramref name="expectedNodes"/> nodes. The palette panel may still be sliding open, so it waits until the
    /// item stands still; a drop the designer did not register (seen under load) is tried once more, after a screenshot
    /// named <paramref name="missedDropScreenshot"/>.
    /// </summary>
    public static async Task DropAsync(IPage page, ILocator paletteItem, ILocator canvas, int expectedNodes, float x, float y, string missedDropScreenshot)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitForAsync(async () =>
            {
                var before = await paletteItem.BoundingBoxAsync();
                await Task.Delay(300);
                var after = await paletteItem.BoundingBoxAsync();
                return before is not null && after is not null && before.X == after.X && before.Y == after.Y;
            }, "the palette item to stand still");
            await paletteItem.DragToAsync(canvas, new() { TargetPosition = new() { X = x, Y = y } });
            try
            {
                await WaitForAsync(async () => await page.Locator(".x6-node").CountAsync() >= expectedNodes, "the dropped node", TimeSpan.FromSeconds(attempt == 1 ? 20 : 60));
                break;
            }
            catch (TimeoutException) when (attempt == 1)
            {
                await HeadlessChromium.ScreenshotAsync(page, missedDropScreenshot);
            }
        }

        Assert.Equal(expectedNodes, await page.Locator(".x6-node").CountAsync());
    }
}
