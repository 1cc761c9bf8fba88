namespace PostPurchase.Server.ElsaApi;

/// <summary>The Elsa REST API under /elsa/api that Elsa Studio calls.</summary>
public static class ElsaApiEndpoints
{
    public static IEndpointRouteBuilder MapElsaApi(this IEndpointRouteBuilder app) => app;
}
