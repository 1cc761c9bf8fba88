using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Messaging.Tests;

public sealed class ExactlyOnceTests
{
    private static Task<MessagingHost> StartWithCrashingStoreAsync(DateTimeOffset? now = null) => MessagingHost.StartAsync(now, configure: services =>
    {
        services.AddSingleton<CrashingInstanceStore>();
        services.AddSingleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<CrashingInstanceStore>());
    });

    [Fact]
    public async Task A_crash_after_the_send_but_before_the_instance_is_saved_does_not_send_twice_on_replay()
    {
        await using var host = await StartWithCrashingStoreAsync();
        var definition = await host.ImportAsync(new Flow("receipt")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Receipt")), ("body", Flow.Literal("Thanks")), ("category", Flow.Literal("transactional"))));
        host.Get<CrashingInstanceStore>().CrashesLeft = 1;
        var input = Purchases.Input(Purchases.Ada());

        await Assert.ThrowsAsync<IOException>(() => host.StartAsync(definition, input, instanceId: "journey-1"));
        Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.Null(await host.Get<IWorkflowInstanceStore>().FindAsync("journey-1"));
        Assert.Equal(SendStatus.Sent, (await host.SendRecords.FindAsync("journey-1:mail:1"))!.Status);

        // The start is replayed (e.g. the webhook's work item is claimed again): the activity runs again with the same key.
        var replayed = await host.StartAsync(definition, input, instanceId: "journey-1");

        Assert.Equal("Sent", await host.OutcomeAsync(replayed.Id, "mail"));
        Assert.Contains(await host.NotesAsync(replayed.Id), n => n.Contains("not sent again"));
        Assert.Single(host.Smtp.Received);
    }

    [Fact]
    public async Task A_replay_after_the_customer_unsubscribed_reports_the_first_send_and_keeps_its_record()
    {
        await using var host = await StartWithCrashingStoreAsync();
        var definition = await host.ImportAsync(new Flow("offer")
            .Add("offer", "PostPurchase.SendEmail", ("subject", Flow.Literal("Offer")), ("body", Flow.Literal("10% off")), ("category", Flow.Literal("marketing"))));
        host.Get<CrashingInstanceStore>().CrashesLeft = 1;
        var input = Purchases.Input(Purchases.Ada());
        await Assert.ThrowsAsync<IOException>(() => host.StartAsync(definition, input, instanceId: "journey-3"));
        Assert.Single(await host.Smtp.WaitForAsync(1));

        // Between the send and its replay the customer unsubscribes: the rules would now suppress the message, but the
        // replay must report what happened (sent) rather than overwrite the record with a suppression.
        await host.Consent.RecordAsync(new ConsentChange(Channel.Email, "ada@example.com", ConsentStatus.OptedOut, "test", host.Clock.GetUtcNow()));
        var replayed = await host.StartAsync(definition, input, instanceId: "journey-3");

        Assert.Equal("Sent", await host.OutcomeAsync(replayed.Id, "offer"));
        Assert.Equal(SendStatus.Sent, (await host.SendRecords.FindAsync("journey-3:offer:1"))!.Status);
        Assert.Single(host.Smtp.Received);
    }

    [Fact]
    public async Task A_crash_while_saving_the_resume_of_a_deferred_sms_does_not_send_twice()
    {
        await using var host = await StartWithCrashingStoreAsync(new DateTimeOffset(2026, 1, 5, 22, 0, 0, TimeSpan.Zero));
        var definition = await host.ImportAsync(new Flow("sms")
            .Add("sms", "PostPurchase.SendSms", ("body", Flow.Literal("Shipped")), ("category", Flow.Literal("transactional"))));
        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(timeZone: "Europe/Berlin")));
        Assert.Empty(host.Twilio.Requests);

        host.Get<CrashingInstanceStore>().CrashesLeft = 1;

        // 08:00 UTC = 09:00 Berlin: the timer fires, the SMS goes out, saving the instance "crashes"; the worker releases
        // the bookmark and claims it again in the same drain, and the replayed activity finds the send record.
        await host.AdvanceAsync(TimeSpan.FromHours(10));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "sms"));
        Assert.Contains(await host.NotesAsync(instance.Id), n => n.Contains("not sent again"));
        Assert.Single(host.Twilio.Requests);
    }

    [Fact]
    public async Task A_replayed_step_reports_the_segments_and_the_suppression_class_of_the_first_run()
    {
        await using var host = await StartWithCrashingStoreAsync();
        await host.Consent.RecordAsync(new ConsentChange(Channel.Email, "ada@example.com", ConsentStatus.OptedOut, "test", host.Clock.GetUtcNow()));
        var definition = await host.ImportAsync(new Flow("replayed")
            .Add("sms", "PostPurchase.SendSms", ("body", Flow.Literal(new string('a', 200))), ("category", Flow.Literal("transactional")))
            .Add("offer", "PostPurchase.SendEmail", ("subject", Flow.Literal("Offer")), ("body", Flow.Literal("10% off")), ("category", Flow.Literal("marketing")))
            .Connect("sms", "offer", "Sent"));
        host.Get<CrashingInstanceStore>().CrashesLeft = 1;
        var input = Purchases.Input(Purchases.Ada());

        // The first run sends the SMS and suppresses the offer, then dies before the instance (and its facts) is saved.
        await Assert.ThrowsAsync<IOException>(() => host.StartAsync(definition, input, instanceId: "journey-2"));
        var replayed = await host.StartAsync(definition, input, instanceId: "journey-2");

        Assert.Single(host.Twilio.Requests);
        var facts = (await host.Get<IJourneyEventStore>().ListAsync(replayed.DefinitionId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
            .Where(e => e.Kind is JourneyEventKinds.Sent or JourneyEventKinds.SmsSegments or JourneyEventKinds.Suppressed)
            .Select(e => (e.ActivityId, e.Kind, e.Detail, e.Value));
        Assert.Equal(
        [
            ("sms", JourneyEventKinds.Sent, "sms", null),
            ("sms", JourneyEventKinds.SmsSegments, null, 2),
            ("offer", JourneyEventKinds.Suppressed, ReasonClasses.Unsubscribed, null),
        ], facts);
    }

    [Fact]
    public async Task Two_executors_of_one_step_at_once_send_one_message_and_both_report_it()
    {
        // A replica whose lease ran out while it was still sending, and the replica that took the step over.
        await using var host = await MessagingHost.StartAsync();
        var gateway = host.Get<MessageGateway>();
        var message = new OutgoingMessage
        {
            Channel = Channel.Email, Category = MessageCategory.Transactional, IdempotencyKey = "journey-9:mail:1",
            To = "ada@example.com", Subject = "Receipt", Body = "Thanks", WorkflowInstanceId = "journey-9",
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => gateway.SendAsync(message, host.Clock.GetUtcNow(), new SendOptions(), CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(GatewayStatus.Sent, r.Status));
        Assert.Equal(3, results.Count(r => r.WasReplay));
        Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.Equal(SendStatus.Sent, (await host.SendRecords.FindAsync("journey-9:mail:1"))!.Status);
    }

    private static OutgoingMessage Sms(string key) => new()
    {
        Channel = Channel.Sms, Category = MessageCategory.Transactional, IdempotencyKey = key,
        To = "+15551230000", Body = "Your order shipped", WorkflowInstanceId = key.Split(':')[0],
    };

    /// <summary>What a replica leaves behind when it is killed after claiming a send: a Pending record whose claim has run out.</summary>
    private static async Task LeaveStaleClaimAsync(MessagingHost host, OutgoingMessage message)
    {
        await host.Consent.RecordAsync(new ConsentChange(Channel.Sms, message.To!, ConsentStatus.OptedIn, "test", host.Clock.GetUtcNow()));
        await host.SendRecords.SaveAsync(new SendRecord
        {
            IdempotencyKey = message.IdempotencyKey, Channel = message.Channel, Category = message.Category, Recipient = message.To!,
            Status = SendStatus.Pending, CreatedAt = host.Clock.GetUtcNow(), WorkflowInstanceId = message.WorkflowInstanceId,
            ClaimedAt = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(20),
        }, CancellationToken.None);
    }

    [Fact]
    public async Task An_sms_twilio_accepted_before_the_sender_died_is_recorded_and_not_sent_again()
    {
        await using var host = await MessagingHost.StartAsync();
        var message = Sms("journey-7:sms:1");
        await LeaveStaleClaimAsync(host, message);
        // The dead replica's request reached Twilio; its process died before the record was completed.
        var first = await host.Get<ISmsSender>().SendAsync(new SmsContent(message.To!, message.Body, message.IdempotencyKey), CancellationToken.None);

        var result = await host.Get<MessageGateway>().SendAsync(message, host.Clock.GetUtcNow(), new SendOptions(), CancellationToken.None);

        Assert.Equal(GatewayStatus.Sent, result.Status);
        Assert.Single(host.Twilio.Requests);
        Assert.Equal(1, host.Twilio.ListingCount);
        var record = await host.SendRecords.FindAsync(message.IdempotencyKey);
        Assert.Equal(SendStatus.Sent, record!.Status);
        Assert.Equal(first.ProviderMessageId, record.ProviderMessageId);
    }

    [Fact]
    public async Task An_sms_whose_sender_died_before_twilio_took_it_is_sent_once()
    {
        await using var host = await MessagingHost.StartAsync();
        var message = Sms("journey-8:sms:1");
        await LeaveStaleClaimAsync(host, message);
        // Another message to the same phone is at Twilio; only an identical body counts as this one.
        await host.Get<ISmsSender>().SendAsync(new SmsContent(message.To!, "Your order was delivered", "journey-8:other:1"), CancellationToken.None);

        var result = await host.Get<MessageGateway>().SendAsync(message, host.Clock.GetUtcNow(), new SendOptions(), CancellationToken.None);

        Assert.Equal(GatewayStatus.Sent, result.Status);
        Assert.Equal(["Your order was delivered", "Your order shipped"], host.Twilio.Requests.Select(r => r.Form["Body"]));
        Assert.Equal(result.ProviderMessageId, host.Twilio.Requests[1].Sid);
        Assert.Equal(1, host.Twilio.ListingCount);
    }

    [Fact]
    public async Task When_twilio_cannot_be_asked_an_in_doubt_sms_is_not_sent_blind_and_the_retry_asks_again()
    {
        await using var host = await MessagingHost.StartAsync();
        var message = Sms("journey-9:sms:1");
        await LeaveStaleClaimAsync(host, message);
        await host.Get<ISmsSender>().SendAsync(new SmsContent(message.To!, message.Body, message.IdempotencyKey), CancellationToken.None);
        host.Twilio.FailListing = true;
        var gateway = host.Get<MessageGateway>();

        await Assert.ThrowsAsync<MessageDeliveryException>(() => gateway.SendAsync(message, host.Clock.GetUtcNow(), new SendOptions(IsFinalAttempt: false), CancellationToken.None));

        Assert.Single(host.Twilio.Requests);
        Assert.Equal(SendStatus.Pending, (await host.SendRecords.FindAsync(message.IdempotencyKey))!.Status);

        host.Twilio.FailListing = false;
        var retried = await gateway.SendAsync(message, host.Clock.GetUtcNow(), new SendOptions(), CancellationToken.None);

        Assert.Equal(GatewayStatus.Sent, retried.Status);
        Assert.Single(host.Twilio.Requests);
        Assert.Equal(host.Twilio.Requests[0].Sid, retried.ProviderMessageId);
        Assert.Equal(2, host.Twilio.ListingCount);
    }

    [Fact]
    public async Task A_review_sms_in_doubt_after_a_crash_is_found_at_twilio_when_the_step_is_replayed_later()
    {
        await using var host = await StartWithCrashingStoreAsync();
        var definition = await host.ImportAsync(new Flow("review-sms")
            .Add("ask", "PostPurchase.ReviewRequest", ("channel", Flow.Literal("sms")), ("category", Flow.Literal("transactional"))));
        host.Get<CrashingInstanceStore>().CrashesLeft = 1;
        var input = Purchases.Input(Purchases.Ada());

        await Assert.ThrowsAsync<IOException>(() => host.StartAsync(definition, input, instanceId: "journey-10"));
        // The replica died after Twilio took the SMS but before the send record was completed.
        var record = (await host.SendRecords.FindAsync("journey-10:ask:1"))!;
        await host.SendRecords.SaveAsync(record with
        {
            Status = SendStatus.Pending, CompletedAt = null, ProviderMessageId = null, ClaimedAt = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(20),
        }, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(10));

        var replayed = await host.StartAsync(definition, input, instanceId: "journey-10");

        var sms = Assert.Single(host.Twilio.Requests);
        Assert.Equal(sms.Sid, (await host.SendRecords.FindAsync("journey-10:ask:1"))!.ProviderMessageId);
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.GetAsync(replayed.Id)).SubStatus);
    }
}
