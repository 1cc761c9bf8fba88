using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using PostPurchase.Commerce.Verification;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.HttpWorkflows;

/// <summary>
/// Who may call an Elsa.HttpEndpoint: an API key or Studio token (the Elsa API's policy and roles), or a request
/// signed the Standard Webhooks way (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,…</c>, an
/// HMAC-SHA256 of <c>"{id}.{timestamp}.{body}"</c>) with a secret named in configuration
/// (<c>HttpWorkflows__Secrets__{name}=whsec_…</c>) that the endpoint names in its <c>secretName</c> input. The secret
/// itself is never in the definition. Anonymous calls only with <c>HttpWorkflows__AllowAnonymous=true</c>, and then only
/// to endpoints with neither <c>authorize: true</c> nor a secret name (Elsa's own default).
/// </summary>
public sealed class HttpWorkflowAccess
{
    private readonly Dictionary<string, StandardWebhookVerifier> _secrets = new(StringComparer.OrdinalIgnoreCase);

    public HttpWorkflowAccess(IConfiguration configuration, RealTime realTime)
    {
        AllowAnonymous = configuration.GetValue("HttpWorkflows:AllowAnonymous", false);
        var tolerance = TimeSpan.FromSeconds(configuration.GetValue("Webhooks:ToleranceSeconds", 300));
        foreach (var secret in configuration.GetSection("HttpWorkflows:Secrets").GetChildren())
        {
            if (string.IsNullOrWhiteSpace(secret.Value) || !IsStandardWebhooksSecret(secret.Value))
                throw new InvalidOperationException($"Setting 'HttpWorkflows__Secrets__{secret.Key}' must be 'whsec_' followed by base64 of at least 24 bytes (e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw).");
            _secrets[secret.Key] = new StandardWebhookVerifier(secret.Value, tolerance, realTime);
        }
    }

    /// <summary><c>HttpWorkflows__AllowAnonymous</c>: endpoints without <c>authorize</c> or a secret accept anonymous requests.</summary>
    public bool AllowAnonymous { get; }

    /// <summary>What authorised the request, as the endpoints read it (<c>request.authorization</c>): never a secret's value.</summary>
    public async Task<RequestAuthorization> AuthorizeAsync(HttpContext http, ReadOnlyMemory<byte> body)
    {
        var caller = PolicyAuthorizationResult.Challenge();
        if (http.Request.Headers.Authorization.Count > 0)
        {
            var policy = (await http.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(AuthSchemes.ElsaApiPolicy))!;
            var evaluator = http.RequestServices.GetRequiredService<IPolicyEvaluator>();
            var authenticated = await evaluator.AuthenticateAsync(policy, http);
            caller = await evaluator.AuthorizeAsync(policy, authenticated, http, http);
        }

        var headers = http.Request.Headers;
        var verified = _secrets.Where(s => s.Value.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body.Span).IsValid)
            .Select(s => s.Key).ToList();
        return new RequestAuthorization(caller.Succeeded, caller.Forbidden, verified, AllowAnonymous,
            verified.Count > 0 ? headers["webhook-id"].ToString() : null);
    }

    private static bool IsStandardWebhooksSecret(string value)
    {
        try
        {
            return StandardWebhookVerifier.DecodeSecret(value).Length >= 24;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <param name="Caller">An API key or Studio token with the role the request needs.</param>
/// <param name="Forbidden">An API key or Studio token whose role is too low.</param>
/// <param name="Secrets">Names of the configured secrets whose signature the request carries.</param>
/// <param name="WebhookId">The signed request's <c>webhook-id</c> (a replay of it starts nothing new).</param>
public sealed record RequestAuthorization(bool Caller, bool Forbidden, IReadOnlyList<string> Secrets, bool AnonymousAllowed, string? WebhookId)
{
    public bool AnyGranted => Caller || Secrets.Count > 0 || AnonymousAllowed;

    public JsonObject ToJson() => new()
    {
        ["caller"] = Caller,
        ["secrets"] = new JsonArray(Secrets.Select(s => (JsonNode?)s).ToArray()),
        ["anonymousAllowed"] = AnonymousAllowed,
    };
}
