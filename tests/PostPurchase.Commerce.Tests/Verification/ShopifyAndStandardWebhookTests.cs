using System.Security.Cryptography;
using System.Text;
using PostPurchase.Commerce.Verification;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Commerce.Tests.Verification;

public class ShopifyAndStandardWebhookTests
{
    [Fact]
    public void Shopify_known_answer_verifies_and_tampering_fails()
    {
        // Shopify's documented scheme, computed here independently: base64 HMAC-SHA256(client secret, raw body).
        const string secret = "shpss_post_purchase_test_secret";
        var body = Encoding.UTF8.GetBytes("{\"id\": 7513594003, \"title\": \"Pocket ruler\"}");
        var header = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        var verifier = new ShopifyHmacVerifier(secret);

        Assert.Equal(header, ShopifyHmacVerifier.Header(secret, body));
        Assert.True(verifier.Verify(header, body).IsValid);
        Assert.False(verifier.Verify(header, "{\"id\": 7513594003, \"title\": \"Pocket rule\"}"u8).IsValid);
        Assert.False(new ShopifyHmacVerifier("other").Verify(header, body).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("!!not base64!!")]
    [InlineData("AAAA")]
    public void Shopify_missing_or_malformed_hmac_is_rejected(string? header) =>
        Assert.False(new ShopifyHmacVerifier("test_secret_key").Verify(header, "{}"u8).IsValid);

    // Test vector published in the Standard Webhooks specification's reference libraries.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static StandardWebhookVerifier Standard(long nowUnix, string secret = SpecSecret) =>
        new(secret, TimeSpan.FromMinutes(5), new RealTime(new ManualClock(DateTimeOffset.FromUnixTimeSeconds(nowUnix))));

    [Fact]
    public void Standard_webhooks_known_answer_verifies()
    {
        var body = Encoding.UTF8.GetBytes(SpecBody);
        Assert.Equal(SpecSignature, StandardWebhookVerifier.SignatureHeader(SpecSecret, SpecId, SpecTimestamp, body));
        Assert.True(Standard(SpecTimestamp).Verify(SpecId, SpecTimestamp.ToString(), SpecSignature, body).IsValid);
    }

    [Fact]
    public void Standard_webhooks_accepts_any_listed_v1_and_rejects_forgery_staleness_and_other_ids()
    {
        var body = Encoding.UTF8.GetBytes(SpecBody);
        var ts = SpecTimestamp.ToString();
        var rotated = $"v1,{Convert.ToBase64String(new byte[32])} {SpecSignature}";

        Assert.True(Standard(SpecTimestamp + 300).Verify(SpecId, ts, rotated, body).IsValid);
        Assert.False(Standard(SpecTimestamp + 301).Verify(SpecId, ts, SpecSignature, body).IsValid);
        Assert.False(Standard(SpecTimestamp - 301).Verify(SpecId, ts, SpecSignature, body).IsValid);
        Assert.False(Standard(SpecTimestamp).Verify("msg_other", ts, SpecSignature, body).IsValid);
        Assert.False(Standard(SpecTimestamp).Verify(SpecId, ts, SpecSignature, Encoding.UTF8.GetBytes("{\"test\": 2432232315}")).IsValid);
        Assert.False(Standard(SpecTimestamp, "whsec_" + Convert.ToBase64String(new byte[24])).Verify(SpecId, ts, SpecSignature, body).IsValid);
        Assert.False(Standard(SpecTimestamp).Verify(SpecId, ts, "v2," + SpecSignature[3..], body).IsValid);
        Assert.False(Standard(SpecTimestamp).Verify(SpecId, "yesterday", SpecSignature, body).IsValid);
        Assert.False(Standard(SpecTimestamp).Verify(null, ts, SpecSignature, body).IsValid);
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_a_clear_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Standard(0, "whsec_***"));
        Assert.Contains("Webhooks__Secret", error.Message);
    }
}
