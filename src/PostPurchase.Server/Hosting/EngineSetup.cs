using PostPurchase.Workflows;

namespace PostPurchase.Server.Hosting;

/// <summary>Engine, persistence, clock and workflow import (owned by the engine work).</summary>
public static class EngineSetup
{
    public static WebApplicationBuilder AddEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddWorkflowEngine();
        return builder;
    }
}
