using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>
/// Stripe's <c>GET /v1/checkout/sessions/{id}/line_items</c> on loopback, paginated like Stripe (limit,
/// starting_after, has_more), answering 401 without the configured secret key (Bearer or Basic with the key as user).
/// </summary>
public sealed class StripeApiStandIn(string apiKey) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<JsonObject>> _lineItems = new();
    private WebApplication? _app;
    private int _requests;

    public string BaseUrl { get; private set; } = "";
    public int Requests => _requests;

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackServer.StartAsync(routes => routes.MapGet("/v1/checkout/sessions/{id}/line_items", LineItems));
    }

    public void AddLineItems(string sessionId, params JsonObject[] items) =>
        _lineItems.GetOrAdd(sessionId, _ => []).AddRange(items);

    private IResult LineItems(string id, HttpContext context)
    {
        Interlocked.Increment(ref _requests);
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
