using System.Text;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Verification;
using PostPurchase.TestSupport.Commerce;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Commerce.Tests.Verification;

public sealed class PayPalVerificationTests : IAsyncLifetime
{
    private const string WebhookId = "4JH86294D6297924G";
    private readonly PayPalApiStandIn _paypal = new("client-id", "client-secret", tokenLifetimeSeconds: 3600);
    private readonly ManualClock _realTime = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => _paypal.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _paypal.DisposeAsync();
    }

    private PayPalWebhookVerifier Verifier(string clientSecret = "client-secret")
    {
        var options = new PayPalOptions { BaseUrl = _paypal.BaseUrl, ClientId = "client-id", ClientSecret = clientSecret, WebhookId = WebhookId };
        return new PayPalWebhookVerifier(_http, new PayPalAccessTokens(_http, options, new RealTime(_realTime)), options);
    }

    private static PayPalTransmission Transmission(IReadOnlyDictionary<string, string> h) =>
        new(h["PAYPAL-TRANSMISSION-ID"], h["PAYPAL-TRANSMISSION-TIME"], h["PAYPAL-TRANSMISSION-SIG"], h["PAYPAL-CERT-URL"], h["PAYPAL-AUTH-ALGO"]);

    [Fact]
    public async Task A_paypal_body_is_sent_to_verify_byte_for_byte_and_verifies()
    {
        var body = PayPalEvents.Bytes(PayPalEvents.SaleCompleted(total: "35.00"));
        var headers = _paypal.Sign(WebhookId, Encoding.UTF8.GetString(body));

        var result = await Verifier().VerifyAsync(Transmission(headers), body, CancellationToken.None);

        Assert.True(result.IsValid, result.Failure);
        var sent = Assert.Single(_paypal.VerifyRequests).RootElement;
        Assert.Equal(WebhookId, sent.GetProperty("webhook_id").GetString());
        Assert.Equal(Encoding.UTF8.GetString(body), sent.GetProperty("webhook_event").GetRawText());
        Assert.Equal("SHA256withRSA", sent.GetProperty("auth_algo").GetString());
    }

    [Fact]
    public async Task A_tampered_body_or_a_foreign_signature_fails()
    {
        var body = PayPalEvents.Bytes(PayPalEvents.SaleCompleted(total: "35.00"));
        var headers = _paypal.Sign(WebhookId, Encoding.UTF8.GetString(body));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"35.00\"", "\"3500.00\""));
        Assert.NotEqual(body, tampered);

        Assert.False((await Verifier().VerifyAsync(Transmission(headers), tampered, CancellationToken.None)).IsValid);
        var otherWebhook = _paypal.Sign("OTHERWEBHOOK", Encoding.UTF8.GetString(body));
        Assert.False((await Verifier().VerifyAsync(Transmission(otherWebhook), body, CancellationToken.None)).IsValid);
    }

    [Fact]
    public async Task Missing_headers_fail_without_calling_paypal()
    {
        var result = await Verifier().VerifyAsync(new PayPalTransmission("id", null, "sig", "url", "SHA256withRSA"), "{}"u8.ToArray(), CancellationToken.None);
        Assert.False(result.IsValid);
        Assert.Equal(0, _paypal.TokenRequests);
        Assert.Empty(_paypal.VerifyRequests);
    }

    [Fact]
    public async Task The_token_is_reused_until_it_expires_in_real_time()
    {
        var verifier = Verifier();
        var body = "{\"id\":\"WH-1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"resource\":{}}"u8.ToArray();
        for (var i = 0; i < 3; i++)
            Assert.True((await verifier.VerifyAsync(Transmission(_paypal.Sign(WebhookId, Encoding.UTF8.GetString(body))), body, CancellationToken.None)).IsValid);
        Assert.Equal(1, _paypal.TokenRequests);

        _realTime.Advance(TimeSpan.FromSeconds(3600));
        Assert.True((await verifier.VerifyAsync(Transmission(_paypal.Sign(WebhookId, Encoding.UTF8.GetString(body))), body, CancellationToken.None)).IsValid);
        Assert.Equal(2, _paypal.TokenRequests);
    }

    [Fact]
    public async Task Wrong_client_credentials_or_a_paypal_outage_raise_an_api_error_instead_of_a_verdict()
    {
        var body = "{\"id\":\"WH-2\"}"u8.ToArray();
        var headers = Transmission(_paypal.Sign(WebhookId, Encoding.UTF8.GetString(body)));
        await Assert.ThrowsAsync<PayPalApiException>(() => Verifier("wrong").VerifyAsync(headers, body, CancellationToken.None));

        _paypal.FailVerifyWith = 503;
        await Assert.ThrowsAsync<PayPalApiException>(() => Verifier().VerifyAsync(headers, body, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_rejected_before_calling_paypal()
    {
        var body = "not json"u8.ToArray();
        Assert.False((await Verifier().VerifyAsync(Transmission(_paypal.Sign(WebhookId, "x")), body, CancellationToken.None)).IsValid);
        Assert.Empty(_paypal.VerifyRequests);
    }
}
