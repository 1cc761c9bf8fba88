namespace PostPurchase.Server.Hosting;

/// <summary>The AiPersonalize activity and its OpenAI-compatible client.</summary>
public static class AiSetup
{
    public static WebApplicationBuilder AddAi(this WebApplicationBuilder builder) => builder;
}
