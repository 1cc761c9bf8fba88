using System.Security.Cryptography;
using System.Text;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests;

/// <summary>Our adapter over the Twilio SDK's RequestValidator, against the documented algorithm computed independently.</summary>
public sealed class TwilioSignatureTests
{
    private const string Token = "f3b2c1d0e9a8f7e6d5c4b3a2f1e0d9c8";
    private const string Url = "https://shop.example.com/webhooks/twilio/inbound?shop=7&mode=live";

    /// <summary>
    /// Twilio's documented X-Twilio-Signature, computed here independently of <see cref="TwilioSignature"/>:
    /// base64(HMAC-SHA1(auth token, full URL + every parameter's name and value, sorted by name)).
    /// </summary>
    private static string Expected(string token, string url, IEnumerable<(string Name, string Value)> sortedParameters) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token),
            Encoding.UTF8.GetBytes(url + string.Concat(sortedParameters.Select(p => p.Name + p.Value)))));

    private static readonly KeyValuePair<string, string>[] CallParameters =
    [
        new("To", "+14155550199"), new("From", "+14155550142"), new("CallSid", "CA0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"),
        new("Digits", "2468"), new("Caller", "+14155550142"),
    ];

    [Fact]
    public void Matches_the_documented_algorithm_computed_independently()
    {
        var expected = Expected(Token, Url, CallParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));

        Assert.True(TwilioSignature.IsValid(Token, Url, CallParameters, expected));
        Assert.Equal(expected, TwilioSigner.Compute(Token, Url, CallParameters)); // the tests' signer agrees
        Assert.False(TwilioSignature.IsValid(Token, Url, CallParameters, expected.ToLowerInvariant()));
    }

    [Fact]
    public void A_form_repeating_a_parameter_name_is_refused()
    {
        // The SDK's validator takes one value per name; Twilio's messaging webhooks never repeat one.
        KeyValuePair<string, string>[] parameters = [new("Sid", "CA9"), new("SidAccount", "AC9"), new("Digits", "9876"), new("Digits", "1234")];
        var expected = Expected(Token, Url, [("Digits", "1234"), ("Digits", "9876"), ("Sid", "CA9"), ("SidAccount", "AC9")]);

        Assert.False(TwilioSignature.IsValid(Token, Url, parameters, expected));
    }

    [Fact]
    public void Accepts_a_signature_made_over_the_url_with_its_default_port()
    {
        var sorted = CallParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
        var signedWith443 = Expected(Token, Url.Replace("shop.example.com", "shop.example.com:443"), sorted);

        Assert.NotEqual(Expected(Token, Url, sorted), signedWith443);
        Assert.True(TwilioSignature.IsValid(Token, Url, CallParameters, signedWith443));
    }

    public static TheoryData<string> Bodies() => ["inbound", "inbound-stop", "status-delivered", "status-undelivered"];

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Validates_webhook_bodies_and_refuses_tampered_ones(string kind)
    {
        var (url, form) = kind switch
        {
            "inbound" => ("https://example.com/twilio/sms", TwilioForms.Inbound("Ahoy")),
            "inbound-stop" => ("https://example.com/twilio/sms", TwilioForms.Inbound("STOP", optOutType: "STOP")),
            "status-delivered" => ("https://example.com/twilio/status", TwilioForms.Status("delivered")),
            _ => ("https://example.com/twilio/status", TwilioForms.Status("undelivered", errorCode: "30003")),
        };
        var signature = Expected(Token, url, form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));

        Assert.True(TwilioSignature.IsValid(Token, url, form, signature));
        Assert.False(TwilioSignature.IsValid("54321", url, form, signature));
        Assert.False(TwilioSignature.IsValid(Token, url + "?x=1", form, signature));
        var tampered = form.Select(p => p.Key == "To" ? new KeyValuePair<string, string>("To", "+15550000000") : p).ToList();
        Assert.False(TwilioSignature.IsValid(Token, url, tampered, signature));
        Assert.False(TwilioSignature.IsValid(Token, url, form, null));
        Assert.False(TwilioSignature.IsValid(Token, "not a url", form, signature));
    }
}
