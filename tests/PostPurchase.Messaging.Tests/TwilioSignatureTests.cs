using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Tests.Support;

namespace PostPurchase.Messaging.Tests;

public sealed class TwilioSignatureTests
{
    [Fact]
    public void Matches_twilios_published_known_answer_vector()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json");
        var token = kat["auth_token"]!.GetValue<string>();
        var post = kat["form_post"]!;
        var url = post["url"]!.GetValue<string>();
        var parameters = post["params"]!.AsObject().Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())).ToList();

        Assert.Equal(post["expected_signature"]!.GetValue<string>(), TwilioSignature.Compute(token, url, parameters));
        Assert.True(TwilioSignature.IsValid(token, url, parameters, post["expected_signature"]!.GetValue<string>()));
    }

    [Fact]
    public void Sorts_and_dedupes_repeated_parameters_like_twilio()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json")["duplicate_params"]!;
        var parameters = kat["params_in_order"]!.AsArray()
            .Select(p => new KeyValuePair<string, string>(p![0]!.GetValue<string>(), p[1]!.GetValue<string>())).ToList();

        Assert.Equal(kat["expected_signature"]!.GetValue<string>(), TwilioSignature.Compute("12345", kat["url"]!.GetValue<string>(), parameters));
    }

    [Fact]
    public void Accepts_a_signature_made_over_the_url_with_its_default_port()
    {
        var kat = Fixtures.Json("twilio/signature_kat.json");
        var post = kat["form_post"]!;
        var parameters = post["params"]!.AsObject().Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())).ToList();
        var signedWith443 = kat["port_variants_from_same_test_file"]!["https_with_explicit_443_signature_also_accepted"]!.GetValue<string>();

        Assert.True(TwilioSignature.IsValid("12345", post["url"]!.GetValue<string>(), parameters, signedWith443));
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
    }
}
