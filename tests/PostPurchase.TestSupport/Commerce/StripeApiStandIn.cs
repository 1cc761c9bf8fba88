using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>One request as the Stripe stand-in received it: the headers we care about and the form or query fields.</summary>
public sealed record StripeRequest(string Method, string Path, string? StripeVersion, string? IdempotencyKey, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Stripe's <c>GET /v1/checkout/sessions/{id}/line_items</c> (paginated like Stripe: limit, starting_after, has_more)
/// and <c>POST /v1/promotion_codes</c> in the 2025-09-30 shape (<c>promotion[type]</c>, <c>promotion[coupon]</c>;
/// the older top-level <c>coupon</c> is refused as an unknown parameter, as Stripe does) on loopback, answering 401
/// without the configured secret key (Bearer or Basic with the key as user). Every request is recorded.
/// </summary>
public sealed class StripeApiStandIn(string apiKey) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<JsonObject>> _lineItems = new();
    private readonly ConcurrentQueue<StripeRequest> _received = new();
    private WebApplication? _app;
    private int _requests;

    public string BaseUrl { get; private set; } = "";
    public int Requests => _requests;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<StripeRequest> Received => _received.ToList();

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackServer.StartAsync(routes =>
        {
            routes.MapGet("/v1/checkout/sessions/{id}/line_items", LineItems);
            routes.MapPost("/v1/promotion_codes", (Delegate)PromotionCodeAsync);
        });
    }

    /// <summary>Promotion codes created, by Idempotency-Key (a replayed key gets the first object back, as Stripe does).</summary>
    public ConcurrentDictionary<string, JsonObject> PromotionCodes { get; } = new();

    /// <summary>When set, promotion code requests answer this status (e.g. 500) instead.</summary>
    public int? PromotionCodeFailure { get; set; }

    /// <summary>How many of the next promotion code requests answer 500 before they succeed again.</summary>
    public int PromotionCodeFailuresLeft;

    private async Task<IResult> PromotionCodeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + apiKey)
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided" } }, statusCode: 401);
        var form = await context.Request.ReadFormAsync();
        Record(context, form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        if (Interlocked.Decrement(ref PromotionCodeFailuresLeft) >= 0) return Results.Json(new { error = new { type = "api_error", message = "stand-in failure" } }, statusCode: 500);
        if (PromotionCodeFailure is { } status) return Results.Json(new { error = new { type = "api_error", message = "stand-in failure" } }, statusCode: status);
        if (form.ContainsKey("coupon"))
            return InvalidRequest("Received unknown parameter: coupon", "coupon");
        if (form["promotion[type]"] != "coupon" || string.IsNullOrEmpty(form["promotion[coupon]"]))
            return InvalidRequest("Missing required param: promotion[coupon] with promotion[type]=coupon.", "promotion");
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var created = PromotionCodes.GetOrAdd(key.Length > 0 ? key : Guid.NewGuid().ToString(), _ => new JsonObject
        {
            ["id"] = "promo_" + Guid.NewGuid().ToString("N")[..14], ["object"] = "promotion_code", ["active"] = true,
            ["code"] = form["code"].ToString(),
            ["promotion"] = new JsonObject { ["type"] = "coupon", ["coupon"] = form["promotion[coupon]"].ToString() },
            ["max_redemptions"] = int.Parse(form["max_redemptions"].ToString()), ["expires_at"] = long.Parse(form["expires_at"].ToString()),
        });
        return Results.Text(created.ToJsonString(), "application/json");
    }

    public void AddLineItems(string sessionId, params JsonObject[] items) =>
        _lineItems.GetOrAdd(sessionId, _ => []).AddRange(items);

    private static IResult InvalidRequest(string message, string param) =>
        Results.Json(new { error = new { type = "invalid_request_error", message, param } }, statusCode: 400);

    private void Record(HttpContext context, Dictionary<string, string> fields)
    {
        var headers = context.Request.Headers;
        _received.Enqueue(new StripeRequest(context.Request.Method, context.Request.Path, headers["Stripe-Version"].FirstOrDefault(), headers["Idempotency-Key"].FirstOrDefault(), fields));
    }

    private IResult LineItems(string id, HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Record(context, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        var authorization = context.Request.Headers.Authorization.ToString();
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(apiKey + ":"));
        if (authorization != "Bearer " + apiKey && authorization != basic)
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided" } }, statusCode: 401);
        if (!_lineItems.TryGetValue(id, out var items))
            return Results.Json(new { error = new { type = "invalid_request_error", code = "resource_missing", message = $"No such checkout.session: '{id}'" } }, statusCode: 404);

        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 10;
        var after = context.Request.Query["starting_after"].ToString();
        var start = after.Length == 0 ? 0 : items.FindIndex(i => (string?)i["id"] == after) + 1;
        var page = items.Skip(start).Take(limit).Select(i => (JsonNode)i.DeepClone()).ToArray();
        return Results.Text(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(page),
            ["has_more"] = start + page.Length < items.Count,
            ["url"] = $"/v1/checkout/sessions/{id}/line_items",
        }.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
