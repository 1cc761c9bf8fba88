using PostPurchase.AI;

namespace PostPurchase.Server.Hosting;

/// <summary>The AiPersonalize activity and its OpenAI-compatible client (settings <c>Ai__*</c>).</summary>
public static class AiSetup
{
    public static WebApplicationBuilder AddAi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAi(builder.Configuration);
        return builder;
    }
}
