namespace PostPurchase.Server.ApiDescription;

/// <summary>
/// <c>/openapi/v1.json</c> (generated from the endpoints by Microsoft.AspNetCore.OpenApi, completed by
/// <see cref="ApiOperationCatalog"/>) and <c>/api-docs</c>, a small self-contained page that reads it. Both are public:
/// they describe the API and hold no data.
/// </summary>
public static class ApiDescriptionSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/api-docs";

    public static WebApplicationBuilder AddApiDescription(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            // HTML pages (Studio, sign-in, report pages) are for browsers, not integrations.
            options.ShouldInclude = d => d.RelativePath is not { } path
                || !(path.StartsWith("studio", StringComparison.Ordinal) || path.StartsWith("reports", StringComparison.Ordinal));
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().ExcludeFromDescription();
        app.MapGet(PagePath, (HttpContext http) => ApiDocsPage.Serve(http, "api-docs.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(PagePath + "/{file}", (HttpContext http, string file) => ApiDocsPage.Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
