namespace PostPurchase.Server.Studio;

/// <summary>Elsa Studio at /studio: static files, host pages, sign-in.</summary>
public static class StudioSetup
{
    public static WebApplicationBuilder AddStudio(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder app) => app;
}
