using PostPurchase.Messaging.Tests.Support;

namespace PostPurchase.Messaging.Tests;

/// <summary>Quiet hours and the frequency cap defer a message (a timer bookmark), they never drop it.</summary>
public sealed class DeferralTests
{
    private static Flow SmsFlow(string category = "transactional") => new Flow("sms-" + category)
        .Add("sms", "PostPurchase.SendSms", ("body", Flow.Template("Hi {{ Purchase.Customer.FirstName }}")), ("category", Flow.Literal(category)));

    [Fact]
    public async Task Sms_is_deferred_to_nine_in_the_morning_in_the_recipients_time_zone()
    {
        // 12:00 UTC is 13:00 in Berlin (inside 09:00–20:00) but 04:00 in Los Angeles (quiet).
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var definition = await host.ImportAsync(SmsFlow());

        var berlin = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(timeZone: "Europe/Berlin", phone: "+4915100000001")));
        var losAngeles = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(timeZone: "America/Los_Angeles", phone: "+14155550100")));

        Assert.Equal("Sent", await host.OutcomeAsync(berlin.Id, "sms"));
        Assert.Null(await host.OutcomeAsync(losAngeles.Id, "sms"));
        Assert.Contains(await host.NotesAsync(losAngeles.Id), n => n.Contains("quiet hours") && n.Contains("America/Los_Angeles") && n.Contains("2026-01-05T17:00:00"));
        Assert.Single(host.Twilio.Requests);

        await host.AdvanceAsync(new TimeSpan(4, 59, 0)); // 16:59 UTC = 08:59 in Los Angeles
        Assert.Null(await host.OutcomeAsync(losAngeles.Id, "sms"));

        await host.AdvanceAsync(TimeSpan.FromMinutes(1)); // 09:00 in Los Angeles
        Assert.Equal("Sent", await host.OutcomeAsync(losAngeles.Id, "sms"));
        Assert.Equal(["+4915100000001", "+14155550100"], host.Twilio.Requests.Select(r => r.Form["To"]));
    }

    [Fact]
    public async Task An_evening_sms_waits_for_the_next_local_morning_and_the_default_zone_applies_without_one()
    {
        // 19:30 UTC: 20:30 in Berlin (quiet since 20:00) → 09:00 Berlin next day = 08:00 UTC. No zone, and a +1 number (many
        // zones, nothing to infer) → default UTC: still open. (A +49 number without a zone would be inferred as Berlin.)
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 19, 30, 0, TimeSpan.Zero));
        var definition = await host.ImportAsync(SmsFlow());

        var berlin = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(timeZone: "Europe/Berlin")));
        var noZone = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(timeZone: null, phone: "+14155550102")));

        Assert.Null(await host.OutcomeAsync(berlin.Id, "sms"));
        Assert.Equal("Sent", await host.OutcomeAsync(noZone.Id, "sms"));
        await host.AdvanceAsync(new TimeSpan(12, 29, 0)); // 07:59 UTC
        Assert.Null(await host.OutcomeAsync(berlin.Id, "sms"));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("Sent", await host.OutcomeAsync(berlin.Id, "sms"));
    }

    [Fact]
    public async Task A_second_marketing_message_within_sixteen_hours_waits_for_the_next_free_slot_but_transactional_goes_at_once()
    {
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var marketing = await host.ImportAsync(new Flow("promo")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("New arrivals")), ("body", Flow.Literal("Look!")), ("category", Flow.Literal("marketing"))));
        var receipt = await host.ImportAsync(new Flow("receipt")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Receipt")), ("body", Flow.Literal("Thanks")), ("category", Flow.Literal("transactional"))));
        var input = Purchases.Input(Purchases.Ada());

        var first = await host.StartAsync(marketing, input);
        await host.AdvanceAsync(TimeSpan.FromHours(2));
        var second = await host.StartAsync(marketing, input);
        var transactional = await host.StartAsync(receipt, input);

        Assert.Equal("Sent", await host.OutcomeAsync(first.Id, "mail"));
        Assert.Null(await host.OutcomeAsync(second.Id, "mail"));
        Assert.Equal("Sent", await host.OutcomeAsync(transactional.Id, "mail"));
        Assert.Contains(await host.NotesAsync(second.Id), n => n.Contains("frequency cap") && n.Contains("2026-01-06T02:00:00"));

        await host.AdvanceAsync(new TimeSpan(13, 59, 0)); // 15h59 after the first
        Assert.Null(await host.OutcomeAsync(second.Id, "mail"));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("Sent", await host.OutcomeAsync(second.Id, "mail"));
        Assert.Equal(["New arrivals", "Receipt", "New arrivals"], (await host.Smtp.WaitForAsync(3)).Select(m => m.Parse().Header("Subject")));
    }

    [Fact]
    public async Task A_capped_sms_is_deferred_past_the_cap_and_then_into_the_next_send_window()
    {
        // First marketing SMS at 12:00 Berlin; the cap frees at 04:00 next day, which is quiet: it goes at 09:00 Berlin.
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero));
        var definition = await host.ImportAsync(SmsFlow("marketing"));
        var input = Purchases.Input(Purchases.Ada(timeZone: "Europe/Berlin"));

        await host.StartAsync(definition, input);
        var second = await host.StartAsync(definition, input);

        Assert.Contains(await host.NotesAsync(second.Id), n => n.Contains("frequency cap") && n.Contains("quiet hours") && n.Contains("2026-01-06T08:00:00"));
        await host.AdvanceAsync(TimeSpan.FromHours(20) + TimeSpan.FromMinutes(59));
        Assert.Single(host.Twilio.Requests);
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("Sent", await host.OutcomeAsync(second.Id, "sms"));
        Assert.Equal(2, host.Twilio.Requests.Count);
    }
}
