using PostPurchase.Server.Auth;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// The Elsa REST API under /elsa/api that Elsa Studio 3.8 calls (the routes and shapes of elsa-core's Elsa.Api.Client;
/// our contract is written down in docs/elsa-api.md): camelCase JSON, string enums, Elsa's envelopes and links.
/// Never anonymous: a Studio bearer token or an API key.
/// </summary>
public static class ElsaApiEndpoints
{
    public static IEndpointRouteBuilder MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/elsa/api")
            .RequireAuthorization(AuthSchemes.ElsaApiPolicy)
            .AddEndpointFilter<Security.AuditDetailsFilter>()
            .AddEndpointFilter(async (context, next) =>
            {
                try
                {
                    return await next(context);
                }
                catch (DefinitionValidationException ex)
                {
                    return ApiErrors.Validation(ex.Errors);
                }
                catch (BadRequestException ex)
                {
                    return ApiErrors.BadRequest(ex.Location, ex.Message);
                }
                catch (ForbiddenException ex)
                {
                    return Results.Json(new { message = ex.Message }, statusCode: StatusCodes.Status403Forbidden);
                }
            });

        api.MapWorkflowDefinitions();
        api.MapBulkDefinitionActions();
        api.MapDescriptors();
        api.MapWorkflowInstances();
        api.MapActivityExecutions();
        api.MapMiscellaneous();
        api.MapActivityTests();
        return app;
    }
}
