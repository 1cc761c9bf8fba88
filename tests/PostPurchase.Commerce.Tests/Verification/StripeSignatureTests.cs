using System.Text;
using PostPurchase.Commerce.Verification;
using PostPurchase.TestSupport.Commerce;
using PostPurchase.Workflows.Clock;
using Stripe;

namespace PostPurchase.Commerce.Tests.Verification;

public class StripeSignatureTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private static StripeSignatureVerifier Verifier(string secret, long nowUnix) =>
        new(secret, Tolerance, new RealTime(new ManualClock(DateTimeOffset.FromUnixTimeSeconds(nowUnix))));

    /// <summary>The v1 signature as Stripe.net computes it (lowercase hex).</summary>
    private static string Sign(string secret, long timestamp, byte[] body) =>
        EventUtility.ComputeSignature(secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(body));

    [Fact]
    public void Stripe_dotnet_known_answer_verifies_within_tolerance_and_fails_after_it()
    {
        var kat = VendorFixtures.Object("stripe/signature_kat/stripe_dotnet.kat.json");
        var body = VendorFixtures.Bytes("stripe/signature_kat/stripe_dotnet.event_test_signature.json");
        var secret = (string)kat["secret"]!;
        var header = (string)kat["stripe_signature_header"]!;

        Assert.Equal((string)kat["expected_v1"]!, Sign(secret, (long)kat["timestamp"]!, body));
        Assert.True(Verifier(secret, (long)kat["valid_at_now"]!).Verify(header, body).IsValid);
        var stale = Verifier(secret, (long)kat["expired_at_now"]!).Verify(header, body);
        Assert.False(stale.IsValid);
        Assert.Contains("tolerance", stale.Failure);
    }

    [Fact]
    public void Real_stripe_delivery_from_odoo_verifies_and_its_negative_cases_fail()
    {
        var kat = VendorFixtures.Object("stripe/signature_kat/odoo.kat.json");
        var body = VendorFixtures.Bytes("stripe/signature_kat/odoo.checkout_session_completed.body.json");
        var secret = (string)kat["secret"]!;
        var header = (string)kat["stripe_signature_header"]!;
        var t = (long)kat["timestamp"]!;

        Assert.True(Verifier(secret, t).Verify(header, body).IsValid);

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("1500", "10"));
        Assert.False(Verifier(secret, t).Verify(header, tampered).IsValid);
        Assert.False(Verifier((string)kat["wrong_secret_used_by_odoo_negative_test"]!, t).Verify(header, body).IsValid);
        Assert.False(Verifier(secret, t + 301).Verify(header, body).IsValid);
        Assert.True(Verifier(secret, t + 300).Verify(header, body).IsValid);
        Assert.False(Verifier(secret, t - 301).Verify(header, body).IsValid); // from the future
    }

    [Fact]
    public void Any_matching_v1_passes_so_secrets_can_be_rolled()
    {
        var body = "{\"id\":\"evt_1\"}"u8.ToArray();
        const long t = 1_700_000_000;
        var oldSig = Sign("whsec_old", t, body);
        var newSig = Sign("whsec_new", t, body);
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
        var sig = Sign("whsec_x", 1_700_000_000, body);
        Assert.False(Verifier("whsec_x", 1_700_000_000).Verify($"t=1700000000,v0={sig}", body).IsValid);
    }

    [Fact]
    public void Failures_say_why_and_never_throw()
    {
        var body = "{\"id\":\"evt_1\"}"u8.ToArray();
        const long t = 1_700_000_000;

        Assert.Contains("signature", Verifier("whsec_other", t).Verify($"t={t},v1={Sign("whsec_x", t, body)}", body).Failure);
        Assert.Contains("tolerance", Verifier("whsec_x", t + 301).Verify($"t={t},v1={Sign("whsec_x", t, body)}", body).Failure);
        Assert.Equal("the body is not UTF-8", Verifier("whsec_x", t).Verify($"t={t},v1={Sign("whsec_x", t, body)}", [0xff, 0xfe]).Failure);
        // Stripe.net reads t as a 32-bit number (until 2038): a larger one is refused with a reason, not an exception.
        const long after2038 = 3_000_000_000;
        Assert.Equal("malformed timestamp in Stripe-Signature", Verifier("whsec_x", after2038).Verify($"t={after2038},v1={Sign("whsec_x", after2038, body)}", body).Failure);
    }
}
