using PostPurchase.Server.Auth;
using PostPurchase.Server.Simulations;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// <c>POST /elsa/api/tests/activities</c>, the Studio designer's Test tab (elsa-core's <c>ITestsApi.TestActivityAsync</c>):
/// runs the selected activity of a stored version as a simulation (<see cref="ActivityTestRunner"/>). Editors only.
/// A failing activity (an input expression that does not evaluate, say) answers 200 with <c>status: Faulted</c> and
/// the reason in <c>exception.message</c>, which the Test tab shows; unknown definitions or activities answer 404.
/// </summary>
public static class ActivityTestEndpoints
{
    public static IServiceCollection AddActivityTests(this IServiceCollection services)
    {
        services.AddSingleton<SamplePurchases>();
        services.AddSingleton<ActivityTestRunner>();
        return services;
    }

    public static RouteGroupBuilder MapActivityTests(this RouteGroupBuilder api)
    {
        api.MapPost("/tests/activities", async (HttpRequest http, ActivityTestRunner runner, CancellationToken cancellationToken) =>
        {
            var request = ActivityTestRequest.Read(await http.BodyAsync(cancellationToken));
            try
            {
                return Results.Json((await runner.RunAsync(request, cancellationToken)).ToJson());
            }
            catch (ActivityTestNotFoundException ex)
            {
                return ApiErrors.NotFound(ex.Message);
            }
        }).RequireRole(StudioRoles.Editor);
        return api;
    }
}
