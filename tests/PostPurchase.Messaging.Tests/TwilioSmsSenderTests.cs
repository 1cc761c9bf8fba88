using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests;

/// <summary>The Twilio adapter driven through Twilio's SDK against the loopback stand-in (re-addressed by Twilio__BaseUrl).</summary>
public sealed class TwilioSmsSenderTests
{
    private const string To = "+15551230000";

    [Fact]
    public async Task A_send_goes_through_twilios_sdk_and_returns_twilios_sid_and_status()
    {
        await using var host = await MessagingHost.StartAsync();

        var result = await host.Get<ISmsSender>().SendAsync(new SmsContent(To, "Your order shipped", "k:1"), CancellationToken.None);

        var request = Assert.Single(host.Twilio.Requests);
        Assert.Equal((DeliveryStatus.Accepted, request.Sid, "queued"), (result.Status, result.ProviderMessageId, result.Detail));
        Assert.StartsWith("twilio-csharp/", request.UserAgent);
        Assert.Equal(("Your order shipped", MessagingHost.TwilioFrom), (request.Form["Body"], request.Form["From"]));
    }

    [Theory]
    [InlineData(21610, DeliveryStatus.Rejected, ConsentStatus.OptedOut)]
    [InlineData(21211, DeliveryStatus.Rejected, ConsentStatus.Bounced)]
    [InlineData(21612, DeliveryStatus.Rejected, ConsentStatus.Bounced)]
    [InlineData(21606, DeliveryStatus.PermanentFailure, null)]
    [InlineData(20429, DeliveryStatus.TransientFailure, null)]
    [InlineData(20503, DeliveryStatus.TransientFailure, null)]
    public async Task Twilio_error_codes_map_to_outcomes(int code, DeliveryStatus status, ConsentStatus? suppression)
    {
        await using var host = await MessagingHost.StartAsync();
        host.Twilio.ErrorsByRecipient[To] = code;

        var result = await host.Get<ISmsSender>().SendAsync(new SmsContent(To, "Hello", "k:1"), CancellationToken.None);

        Assert.Equal((status, suppression, $"twilio:{code}"), (result.Status, result.RecipientStatus, result.Code));
        Assert.Contains(code.ToString(), result.Detail);
    }

    [Fact]
    public async Task An_unreachable_twilio_is_a_transient_failure()
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        var baseUrl = standIn.BaseUrl;
        await standIn.DisposeAsync(); // nothing listens there any more
        var settings = new TwilioSettings { BaseUrl = baseUrl.TrimEnd('/'), AccountSid = TwilioStandIn.AccountSid, AuthToken = TwilioStandIn.AuthToken, From = "+15005550006" };
        var sender = new TwilioSmsSender(settings, new MessagingSettings { DataDirectory = Path.GetTempPath() }, NullLogger<TwilioSmsSender>.Instance);

        var result = await sender.SendAsync(new SmsContent(To, "Hello", "k:1"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.TransientFailure, result.Status);
        await Assert.ThrowsAsync<MessageDeliveryException>(() => sender.FindAcceptedAsync(new SmsContent(To, "Hello", "k:1"), DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None));
    }

    [Fact]
    public async Task The_in_doubt_lookup_finds_only_a_message_to_the_number_with_the_same_body_since_the_claim()
    {
        await using var host = await MessagingHost.StartAsync();
        var sender = host.Get<ISmsSender>();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2); // Twilio's dates have whole seconds
        var sent = await sender.SendAsync(new SmsContent(To, "Your order shipped", "k:1"), CancellationToken.None);
        await sender.SendAsync(new SmsContent("+15559870000", "Your order was delivered", "k:2"), CancellationToken.None);

        Assert.Equal(sent.ProviderMessageId, await sender.FindAcceptedAsync(new SmsContent(To, "Your order shipped", "k:1"), before, CancellationToken.None));
        Assert.Null(await sender.FindAcceptedAsync(new SmsContent(To, "Your order was delivered", "k:2"), before, CancellationToken.None));
        Assert.Null(await sender.FindAcceptedAsync(new SmsContent(To, "Your order shipped", "k:1"), DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
        Assert.Equal(3, host.Twilio.ListingCount);

        host.Twilio.FailListing = true;
        var failure = await Assert.ThrowsAsync<MessageDeliveryException>(() => sender.FindAcceptedAsync(new SmsContent(To, "Your order shipped", "k:1"), before, CancellationToken.None));
        Assert.Contains("503", failure.Message);
    }
}
