using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.ApiDescription;

/// <summary>Document-wide parts: title, the two auth schemes, the webhook body schemas.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "StudioToken";

    private static readonly string[] TagOrder = ["Webhooks", "Simulations", "Reports", "Instances", "Reviews", "Customers", "Operations", "Elsa API"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PostPurchase API",
            Version = "v1",
            Description = "Purchase webhooks (Stripe, Shopify, PayPal and the generic Standard Webhooks endpoint), journey simulations, "
                + "reports, workflow instances and reviews, and the Elsa REST API the Studio uses. Browse it at /api-docs.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "`Authorization: ApiKey <key>` with one of the keys in `Auth__ApiKeys` (comma-separated).",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "`Authorization: Bearer <token>`: the Studio's signed access token (embedded in the Studio pages after sign-in; "
                + "expires after `Auth__AccessTokenMinutes`).",
        };
        ApiSchemas.AddTo(document);

        // The tags our operations carry (set by ApiOperationTransformer) instead of class names, integration topics first.
        var used = (document.Paths ?? new OpenApiPaths()).Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            .Select(tag => tag.Name).OfType<string>().Distinct()
            .OrderBy(name => Array.IndexOf(TagOrder, name) is var i and >= 0 ? i : TagOrder.Length).ToList();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name }));
        return Task.CompletedTask;
    }
}

/// <summary>Per operation: the catalogue's summary, description, tag, auth, signature headers, body and responses.</summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var document = context.Document!;
        var info = ApiOperationCatalog.Find(description.HttpMethod, description.RelativePath);
        var requiresElsaPolicy = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthSchemes.ElsaApiPolicy);
        var isElsaApi = description.RelativePath?.StartsWith("elsa/api/", StringComparison.Ordinal) == true;

        var tag = info?.Tag ?? (isElsaApi ? "Elsa API" : null);
        if (tag is not null) operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
        if (info is not null)
        {
            operation.Summary ??= info.Summary;
            operation.Description ??= info.Description;
        }
        else if (isElsaApi)
        {
            operation.Summary ??= $"Elsa API: {description.HttpMethod} /{description.RelativePath}";
            operation.Description ??= "Elsa 3 REST API route used by Elsa Studio (see docs/elsa-api.md).";
        }

        var auth = info?.Auth ?? (requiresElsaPolicy ? ApiAuth.ApiKeyOrBearer : ApiAuth.None);
        if (requiresElsaPolicy && auth == ApiAuth.None) auth = ApiAuth.ApiKeyOrBearer;
        if (auth != ApiAuth.None)
        {
            operation.Security ??= new List<OpenApiSecurityRequirement>();
            operation.Security.Add(Requirement(document, ApiDocumentTransformer.ApiKeyScheme));
            if (auth == ApiAuth.ApiKeyOrBearer) operation.Security.Add(Requirement(document, ApiDocumentTransformer.BearerScheme));
        }

        if (info is null) return Task.CompletedTask;
        foreach (var header in info.Headers)
        {
            operation.Parameters ??= new List<IOpenApiParameter>();
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Required = header.Required, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (info.BodySchema is { } schema)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = info.BodyDescription,
                Content = new Dictionary<string, OpenApiMediaType> { [info.BodyContentType] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
            };
        }

        foreach (var (status, meaning) in info.Responses)
        {
            operation.Responses ??= new OpenApiResponses();
            if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse declared) declared.Description = meaning;
            else operation.Responses[status] = new OpenApiResponse { Description = meaning };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
