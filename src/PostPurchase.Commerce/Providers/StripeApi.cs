using System.Net;
using PostPurchase.Commerce.Configuration;
using Stripe;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// Stripe.net clients for our calls to Stripe's API. Every request carries the library's pinned
/// <see cref="StripeConfiguration.ApiVersion"/> as <c>Stripe-Version</c>, so an account on an older default API version
/// still gets the shapes the library was built for. <see cref="StripeOptions.BaseUrl"/> redirects the calls (tests use a
/// loopback stand-in).
/// </summary>
public static class StripeApi
{
    /// <summary>
    /// A client with the secret key of <paramref name="options"/>, sending through <paramref name="http"/> (its timeout
    /// applies per try). Stripe.net retries network errors, 409 and 5xx <paramref name="maxNetworkRetries"/> times
    /// (safe: our writes carry an Idempotency-Key).
    /// </summary>
    public static StripeClient Client(StripeOptions options, HttpClient http, int maxNetworkRetries) => new(
        apiKey: options.ApiKey ?? throw new InvalidOperationException("Stripe__ApiKey is needed to call Stripe's API."),
        httpClient: new SystemNetHttpClient(http, maxNetworkRetries, appInfo: null, enableTelemetry: false),
        apiBase: options.BaseUrl.TrimEnd('/'));

    /// <summary>
    /// Runs a Stripe.net call and reports every failure as <see cref="HttpRequestException"/> (with Stripe's status and
    /// error message when Stripe answered), the one exception our callers treat as "Stripe is unavailable".
    /// </summary>
    public static async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            var status = ex.HttpStatusCode == default ? (HttpStatusCode?)null : ex.HttpStatusCode;
            var answer = status is null ? "failed" : $"answered {(int)status}";
            throw new HttpRequestException($"Stripe {what} {answer}: {ex.StripeError?.Message ?? ex.Message}", ex, status);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"Stripe {what} timed out.", ex);
        }
    }
}
