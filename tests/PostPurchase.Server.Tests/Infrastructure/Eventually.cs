using System.Diagnostics;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>Polls a condition the browser or the server reaches on its own (bounded: fails after a minute).</summary>
public static class Eventually
{
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60))) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(250);
        }
    }
}
