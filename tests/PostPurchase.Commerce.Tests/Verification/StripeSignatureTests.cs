using System.Security.Cryptography;
using System.Text;
using PostPurchase.Commerce.Verification;
using PostPurchase.TestSupport.Commerce;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Commerce.Tests.Verification;

public class StripeSignatureTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private static StripeSignatureVerifier Verifier(string secret, long nowUnix) =>
        new(secret, Tolerance, new RealTime(new ManualClock(DateTimeOffset.FromUnixTimeSeconds(nowUnix))));

    private const string Secret = "whsec_PostPurchaseTestSigningSecret01";

    /// <summary>Stripe's documented scheme, computed here independently: hex HMAC-SHA256(secret, "{t}.{raw body}").</summary>
    private static string ExpectedV1(string secret, long t, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray()));

    [Fact]
    public void Known_answer_verifies_within_tolerance_and_fails_after_it()
    {
        var body = StripeEvents.Bytes(StripeEvents.Ignored("customer.created"));
        const long t = 1_764_400_000;
        var expected = ExpectedV1(Secret, t, body);
        var header = $"t={t},v1={expected},v0={new string('0', 64)}";

        Assert.Equal(expected, Stripe.EventUtility.ComputeSignature(Secret, t.ToString(), Encoding.UTF8.GetString(body))); // the library agrees
        Assert.True(Verifier(Secret, t + 100).Verify(header, body).IsValid);
        var stale = Verifier(Secret, t + 400).Verify(header, body);
        Assert.False(stale.IsValid);
        Assert.Contains("tolerance", stale.Failure);
    }

    [Fact]
    public void A_signed_checkout_delivery_verifies_and_its_negative_cases_fail()
    {
        var body = StripeEvents.Bytes(StripeEvents.LegacyCheckoutSessionCompleted(unitAmount: 1250));
        const long t = 1_560_000_001;
        var header = $"t={t},v1={ExpectedV1(Secret, t, body)}";

        Assert.True(Verifier(Secret, t).Verify(header, body).IsValid);

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("1250", "10"));
        Assert.NotEqual(body, tampered);
        Assert.False(Verifier(Secret, t).Verify(header, tampered).IsValid);
        Assert.False(Verifier(Secret + "_TAMPERED", t).Verify(header, body).IsValid);
        Assert.False(Verifier(Secret, t + 301).Verify(header, body).IsValid);
        Assert.True(Verifier(Secret, t + 300).Verify(header, body).IsValid);
        Assert.False(Verifier(Secret, t - 301).Verify(header, body).IsValid); // from the future
    }

    [Fact]
    public void Any_matching_v1_passes_so_secrets_can_be_rolled()
    {
        var body = "{\"id\":\"evt_1\"}"u8.ToArray();
        const long t = 1_700_000_000;
        var oldSig = ExpectedV1("whsec_old", t, body);
        var newSig = ExpectedV1("whsec_new", t, body);
        var header = $"t={t},v1={oldSig},v1={newSig}";

        Assert.True(Verifier("whsec_new", t).Verify(header, body).IsValid);
        Assert.True(Verifier("whsec_old", t).Verify(header, body).IsValid);
        Assert.False(Verifier("whsec_other", t).Verify(header, body).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("t=1700000000")]
    [InlineData("v1=aaaa")]
    [InlineData("t=abc,v1=00")]
    [InlineData("t=1700000000,v1=not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-")]
    public void Missing_or_malformed_headers_are_rejected(string? header)
    {
        var result = Verifier("whsec_x", 1_700_000_000).Verify(header, "{}"u8);
        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrEmpty(result.Failure));
    }

    [Fact]
    public void The_v0_scheme_is_never_accepted()
    {
        var body = "{}"u8.ToArray();
        var sig = ExpectedV1("whsec_x", 1_700_000_000, body);
        Assert.False(Verifier("whsec_x", 1_700_000_000).Verify($"t=1700000000,v0={sig}", body).IsValid);
    }

    [Fact]
    public void Failures_say_why_and_never_throw()
    {
        var body = "{\"id\":\"evt_1\"}"u8.ToArray();
        const long t = 1_700_000_000;
        var header = $"t={t},v1={ExpectedV1("whsec_x", t, body)}";

        Assert.Contains("signature", Verifier("whsec_other", t).Verify(header, body).Failure);
        Assert.Contains("tolerance", Verifier("whsec_x", t + 301).Verify(header, body).Failure);
        Assert.Equal("the body is not UTF-8", Verifier("whsec_x", t).Verify(header, [0xff, 0xfe]).Failure);
        // Stripe.net reads t as a 32-bit number (until 2038): a larger one is refused with a reason, not an exception.
        const long after2038 = 3_000_000_000;
        Assert.Equal("malformed timestamp in Stripe-Signature",
            Verifier("whsec_x", after2038).Verify($"t={after2038},v1={ExpectedV1("whsec_x", after2038, body)}", body).Failure);
    }
}
