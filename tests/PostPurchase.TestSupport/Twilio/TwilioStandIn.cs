using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PostPurchase.TestSupport.Twilio;

/// <summary>One Messages.json create request as the stand-in received it.</summary>
public sealed record TwilioRequest(string AccountSid, IReadOnlyDictionary<string, string> Form, string Sid)
{
    /// <summary>The client's User-Agent (Twilio's SDK names itself <c>twilio-csharp/…</c>).</summary>
    public string UserAgent { get; init; } = "";
}

/// <summary>
/// Twilio's Messages API on 127.0.0.1 (real Kestrel): checks the path, HTTP Basic auth (account SID and auth token) and
/// the form fields (To, Body, and From or MessagingServiceSid), and answers like Twilio: 201 with a message resource,
/// or Twilio's error body for the codes scripted per recipient in <see cref="ErrorsByRecipient"/> (with Twilio's status:
/// 429 for 20429, 500 for 20500, 503 for 20503, otherwise 400).
/// </summary>
public sealed class TwilioStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TwilioRequest> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _messages = new();

    private TwilioStandIn(WebApplication app) => _app = app;

    public const string AccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string AuthToken = "test-auth-token-0123456789";

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<TwilioRequest> Requests => _requests.ToList();

    /// <summary>When set, the message list answers 503 (a Twilio outage as the gateway sees it).</summary>
    public bool FailListing { get; set; }

    /// <summary>How many times the message list was read.</summary>
    public int ListingCount => _listingCount;

    private int _listingCount;

    /// <summary>Recipient (E.164) → Twilio error code to answer with, e.g. 21610 or 21211.</summary>
    public ConcurrentDictionary<string, int> ErrorsByRecipient { get; } = new();

    public static async Task<TwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new TwilioStandIn(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (Delegate)standIn.HandleAsync);
        app.MapGet("/2010-04-01/Accounts/{sid}/Messages.json", (Delegate)standIn.List);
        await app.StartAsync();
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return standIn;
    }

    private async Task<IResult> HandleAsync(HttpContext http, string sid)
    {
        if (!Authorized(http.Request, sid))
            return Error(HttpStatusCode.Unauthorized, 20003, "Authenticate");
        if (!http.Request.HasFormContentType)
            return Error(HttpStatusCode.BadRequest, 21601, "Request must be application/x-www-form-urlencoded");

        var form = (await http.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        if (!form.TryGetValue("To", out var to) || string.IsNullOrEmpty(to))
            return Error(HttpStatusCode.BadRequest, 21604, "A 'To' phone number is required.");
        if (!form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid"))
            return Error(HttpStatusCode.BadRequest, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
        if (!form.TryGetValue("Body", out var body) || string.IsNullOrEmpty(body))
            return Error(HttpStatusCode.BadRequest, 21602, "Message body is required.");
        if (ErrorsByRecipient.TryGetValue(to, out var code))
            return Error(code switch { 20429 => HttpStatusCode.TooManyRequests, 20500 => HttpStatusCode.InternalServerError, 20503 => HttpStatusCode.ServiceUnavailable, _ => HttpStatusCode.BadRequest },
                code, code switch
                {
                    21610 => "Attempt to send to unsubscribed recipient",
                    21211 => $"The 'To' number {to} is not a valid phone number.",
                    20429 => "Too Many Requests",
                    _ => "Error",
                });

        var messageSid = "SM" + Guid.NewGuid().ToString("N");
        _requests.Enqueue(new TwilioRequest(sid, form, messageSid) { UserAgent = http.Request.Headers.UserAgent.ToString() });
        var now = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture);
        var resource = new JsonObject
        {
            ["account_sid"] = sid, ["api_version"] = "2010-04-01", ["body"] = body, ["date_created"] = now, ["date_sent"] = null, ["date_updated"] = now,
            ["direction"] = "outbound-api", ["error_code"] = null, ["error_message"] = null, ["from"] = form.GetValueOrDefault("From"),
            ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"), ["num_media"] = "0", ["num_segments"] = "1",
            ["price"] = null, ["price_unit"] = null, ["sid"] = messageSid, ["status"] = "queued", ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{sid}/Messages/{messageSid}.json",
        };
        _messages.Enqueue(resource);
        return Results.Json(resource, statusCode: 201);
    }

    /// <summary>Twilio's message list: filtered by <c>To</c>, newest first, one page of <c>PageSize</c> (default 50).</summary>
    private IResult List(HttpContext http, string sid)
    {
        Interlocked.Increment(ref _listingCount);
        if (!Authorized(http.Request, sid))
            return Error(HttpStatusCode.Unauthorized, 20003, "Authenticate");
        if (FailListing)
            return Error(HttpStatusCode.ServiceUnavailable, 20503, "Service unavailable");

        var to = http.Request.Query["To"].ToString();
        var pageSize = int.TryParse(http.Request.Query["PageSize"], out var size) ? Math.Clamp(size, 1, 1000) : 50;
        var page = _messages.Reverse()
            .Where(m => to.Length == 0 || (string?)m["to"] == to)
            .Take(pageSize)
            .Select(m => m.DeepClone())
            .ToArray();
        return Results.Json(new JsonObject
        {
            ["messages"] = new JsonArray(page), ["page"] = 0, ["page_size"] = pageSize, ["next_page_uri"] = null,
            ["uri"] = $"/2010-04-01/Accounts/{sid}/Messages.json?PageSize={pageSize}",
        });
    }

    private static bool Authorized(HttpRequest request, string sid)
    {
        var header = request.Headers.Authorization.ToString();
        if (sid != AccountSid || !header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) == $"{AccountSid}:{AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(HttpStatusCode status, int code, string message) => Results.Json(new JsonObject
    {
        ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = (int)status,
    }, statusCode: (int)status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
