using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests;

/// <summary>Our adapter over Twilio's RequestValidator, checked against Twilio's published vectors and real webhook bodies.</summary>
public sealed class TwilioSignatureTests
{
    private static List<KeyValuePair<string, string>> Params(System.Text.Json.Nodes.JsonNode post) =>
        post["params"]!.AsObject().Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())).ToList();

    [Fact]
    public void Matches_twilios_published_known_answer_vector()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json");
        var token = kat["auth_token"]!.GetValue<string>();
        var post = kat["form_post"]!;
        var url = post["url"]!.GetValue<string>();
        var expected = post["expected_signature"]!.GetValue<string>();

        Assert.True(TwilioSignature.IsValid(token, url, Params(post), expected));
        Assert.Equal(expected, TwilioSigner.Compute(token, url, Params(post))); // the tests' signer agrees with Twilio
        Assert.False(TwilioSignature.IsValid(token, url, Params(post), expected.ToLowerInvariant()));
    }

    [Fact]
    public void Accepts_a_signature_made_over_the_url_with_its_default_port()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json");
        var post = kat["form_post"]!;
        var signedWith443 = kat["port_variants_from_same_test_file"]!["https_with_explicit_443_signature_also_accepted"]!.GetValue<string>();

        Assert.True(TwilioSignature.IsValid("12345", post["url"]!.GetValue<string>(), Params(post), signedWith443));
    }

    [Fact]
    public void A_form_repeating_a_parameter_name_is_refused()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json")["duplicate_params"]!;
        var parameters = kat["params_in_order"]!.AsArray()
            .Select(p => new KeyValuePair<string, string>(p![0]!.GetValue<string>(), p[1]!.GetValue<string>())).ToList();

        Assert.False(TwilioSignature.IsValid("12345", kat["url"]!.GetValue<string>(), parameters, kat["expected_signature"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("inbound_sms.twilio_labs_plugin_webhook.form.txt")]
    [InlineData("inbound_sms_stop.DERIVED.form.txt")]
    [InlineData("status_callback_delivered.CONSTRUCTED.form.txt")]
    [InlineData("status_callback_undelivered.CONSTRUCTED.form.txt")]
    public void Validates_webhook_bodies_and_refuses_tampered_ones(string file)
    {
        var expected = Fixtures.Json("twilio/computed_signatures.SELF_COMPUTED.json")[file]!;
        var form = Fixtures.Form(Fixtures.Text("twilio/" + file));
        var url = expected["url"]!.GetValue<string>();
        var signature = expected["x_twilio_signature"]!.GetValue<string>();

        Assert.True(TwilioSignature.IsValid("12345", url, form, signature));
        Assert.False(TwilioSignature.IsValid("54321", url, form, signature));
        Assert.False(TwilioSignature.IsValid("12345", url + "?x=1", form, signature));
        var tampered = form.Select(p => p.Key == "To" ? new KeyValuePair<string, string>("To", "+15550000000") : p).ToList();
        Assert.False(TwilioSignature.IsValid("12345", url, tampered, signature));
        Assert.False(TwilioSignature.IsValid("12345", url, form, null));
        Assert.False(TwilioSignature.IsValid("12345", "not a url", form, signature));
    }
}
