namespace PostPurchase.AI.Activities;

/// <summary>Says once per process that AI steps use their fallback because no API key is configured.</summary>
public sealed class AiKeyNotice
{
    private int _said;

    public void Once(ILogger logger)
    {
        if (Interlocked.Exchange(ref _said, 1) == 0)
            logger.LogInformation("Ai__ApiKey is not set: AI Personalize steps use their fallback text");
    }
}
