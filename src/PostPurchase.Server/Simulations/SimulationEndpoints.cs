using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Simulations;

public static class SimulationEndpoints
{
    public static WebApplicationBuilder AddSimulations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JourneySimulator>();
        return builder;
    }

    /// <summary><c>POST /api/simulations</c> (Studio sign-in token or API key).</summary>
    public static IEndpointRouteBuilder MapSimulations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/simulations", async (SimulationRequest request, JourneySimulator simulator, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await simulator.RunAsync(request, cancellationToken));
            }
            catch (SimulationException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        }).RequireAuthorization(AuthSchemes.ElsaApiPolicy);
        return app;
    }
}
