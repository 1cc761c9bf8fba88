namespace PostPurchase.TestSupport;

/// <summary>Waits for a condition that background work makes true, polling briefly; fails with a timeout, never hangs.</summary>
public static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <exception cref="TimeoutException">The condition did not hold within 20 s.</exception>
    public static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    /// <exception cref="TimeoutException">The condition did not hold within 20 s.</exception>
    public static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(5);
        }
    }
}
