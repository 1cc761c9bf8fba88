using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests.FieldInputs;

/// <summary>Inbound SMS keywords through the real server's Twilio webhook, signed as Twilio signs, replies going to the Twilio stand-in.</summary>
public sealed class SmsKeywordEndpointTests : IAsyncLifetime
{
    private const string BaseUrl = "https://shop.example.com";
    private TwilioStandIn _twilio = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _twilio = await TwilioStandIn.StartAsync();
        var data = Directory.CreateTempSubdirectory("pp-sms-keywords-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
            b.UseSetting("PublicBaseUrl", BaseUrl);
            b.UseSetting("Twilio:BaseUrl", _twilio.BaseUrl.TrimEnd('/'));
            b.UseSetting("Twilio:AccountSid", TwilioStandIn.AccountSid);
            b.UseSetting("Twilio:AuthToken", TwilioStandIn.AuthToken);
            b.UseSetting("Twilio:From", "+15005550006");
            b.UseSetting("Store:Name", "Acme Photo");
            b.UseSetting("Support:Email", "help@acme.example");
            // Midnight in the default zone: quiet hours must not hold a HELP reply back.
            b.UseSetting("Messaging:SmsSendWindow", "09:00-09:01");
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(BaseUrl) });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    private async Task<HttpResponseMessage> InboundAsync(string from, string body, string messageSid, string? optOutType = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", TwilioStandIn.AccountSid), new("MessageSid", messageSid), new("SmsSid", messageSid), new("From", from),
            new("To", "+15005550006"), new("Body", body), new("NumMedia", "0"), new("ApiVersion", "2010-04-01"),
        };
        if (optOutType is not null) form.Add(new("OptOutType", optOutType));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSigner.Compute(TwilioStandIn.AuthToken, BaseUrl + "/webhooks/twilio/inbound", form));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private Task<ConsentChange?> ConsentAsync(string number) =>
        _factory.Services.GetRequiredService<IConsentStore>().GetCurrentAsync(Channel.Sms, number);

    [Theory]
    [InlineData("STOP.")]
    [InlineData("Stop please")]
    [InlineData("ARRET")]
    [InlineData("  stop 🛑")]
    [InlineData("Baja")]
    public async Task Every_reasonable_opt_out_opts_the_number_out(string body)
    {
        await InboundAsync("+14155550101", body, "SM" + Guid.NewGuid().ToString("N"));
        Assert.Equal(ConsentStatus.OptedOut, (await ConsentAsync("+14155550101"))!.Status);
    }

    [Fact]
    public async Task A_keyword_in_the_middle_of_a_sentence_changes_nothing_and_start_opts_back_in()
    {
        await InboundAsync("+14155550102", "Don't stop the deals!", "SM1");
        Assert.Null(await ConsentAsync("+14155550102"));

        await InboundAsync("+14155550102", "stop", "SM2");
        await InboundAsync("+14155550102", "Start.", "SM3");
        Assert.Equal(ConsentStatus.OptedIn, (await ConsentAsync("+14155550102"))!.Status);
        Assert.Empty(_twilio.Requests);
    }

    [Fact]
    public async Task Help_is_answered_once_with_the_shop_support_and_how_to_opt_out_even_when_replayed()
    {
        await InboundAsync("+14155550103", "Help?", "SMhelp1");
        await InboundAsync("+14155550103", "Help?", "SMhelp1"); // Twilio retried the same webhook

        var reply = Assert.Single(_twilio.Requests);
        Assert.Equal("+14155550103", reply.Form["To"]);
        Assert.Contains("Acme Photo", reply.Form["Body"]);
        Assert.Contains("help@acme.example", reply.Form["Body"]);
        Assert.Contains("Reply STOP", reply.Form["Body"]);
        Assert.Null(await ConsentAsync("+14155550103")); // asking for help changes no consent

        await InboundAsync("+14155550103", "AYUDA", "SMhelp2"); // a new request is answered again
        Assert.Equal(2, _twilio.Requests.Count);

        await InboundAsync("+14155550103", "HELP", "SMhelp3", optOutType: "HELP"); // Twilio's Advanced Opt-Out answered it already
        Assert.Equal(2, _twilio.Requests.Count);
    }
}
