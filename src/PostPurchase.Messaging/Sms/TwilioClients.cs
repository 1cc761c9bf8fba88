using Twilio.Clients;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// Twilio's own REST client for <see cref="TwilioSettings"/>: HTTP Basic auth with the account SID and auth token, sent
/// through the SDK's <see cref="Twilio.Http.SystemNetHttpClient"/> hook. The SDK always addresses
/// <c>https://api.twilio.com</c>; when <c>Twilio__BaseUrl</c> names another origin (a loopback stand-in in tests) the
/// requests are re-addressed there, path and query unchanged.
/// </summary>
public static class TwilioClients
{
    public static TwilioRestClient Create(TwilioSettings twilio, TimeSpan timeout)
    {
        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var baseUrl = new Uri(twilio.BaseUrl);
        if (!string.Equals(baseUrl.GetLeftPart(UriPartial.Authority), new TwilioSettings().BaseUrl, StringComparison.OrdinalIgnoreCase))
            handler = new ReaddressingHandler(baseUrl) { InnerHandler = handler };
        var http = new HttpClient(handler) { Timeout = timeout };
        return new TwilioRestClient(
            twilio.AccountSid ?? throw new InvalidOperationException("Twilio__AccountSid is not set."),
            twilio.AuthToken ?? throw new InvalidOperationException("Twilio__AuthToken is not set."),
            httpClient: new Twilio.Http.SystemNetHttpClient(http));
    }

    /// <summary>Sends each request to <paramref name="origin"/> instead of Twilio's host.</summary>
    private sealed class ReaddressingHandler(Uri origin) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = origin.Scheme, Host = origin.Host, Port = origin.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
