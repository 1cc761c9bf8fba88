using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Verification;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Runtime.Stores;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.FieldInputs;

/// <summary>
/// Issue 17's shop and customer inputs through HTTP on the real server running the shipped journey: free orders,
/// currency exponents, guest names, misspelt or missing time zones, the marketing footer's postal address, late reviews.
/// Payloads are written here from the providers' documented shapes (Stripe Checkout Session, Shopify REST Order).
/// </summary>
public sealed class FieldInputJourneyTests : IAsyncLifetime
{
    private const string StripeSecret = "whsec_field_inputs";
    private const string ShopifySecret = "shopify_field_inputs";
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(new Dictionary<string, string?>
    {
        ["Stripe:WebhookSecret"] = StripeSecret, ["Shopify:WebhookSecret"] = ShopifySecret,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task PostAsync(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("accepted", await response.Content.ReadAsStringAsync());
        await _host.DrainAsync();
    }

    private Task StripeAsync(JsonObject session)
    {
        var json = new JsonObject { ["id"] = "evt_" + Guid.NewGuid().ToString("N"), ["object"] = "event", ["type"] = "checkout.session.completed", ["data"] = new JsonObject { ["object"] = session } }.ToJsonString();
        return PostAsync("/webhooks/stripe", json, ("Stripe-Signature", StripeSignatureVerifier.SignatureHeader(StripeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(json))));
    }

    private Task ShopifyAsync(JsonObject order)
    {
        var json = order.ToJsonString();
        return PostAsync("/webhooks/shopify", json, ("X-Shopify-Hmac-Sha256", ShopifyHmacVerifier.Header(ShopifySecret, Encoding.UTF8.GetBytes(json))),
            ("X-Shopify-Topic", "orders/paid"), ("X-Shopify-Webhook-Id", Guid.NewGuid().ToString()), ("X-Shopify-Shop-Domain", "field.myshopify.com"));
    }

    private async Task<JsonObject> PurchaseOfAsync(string orderId)
    {
        var store = _host.Services.GetRequiredService<IWorkflowInstanceStore>();
        var instance = await store.FindAsync(Assert.Single(await store.FindActiveIdsByCorrelationAsync(orderId)));
        return instance!.State.Input["purchase"]!.AsObject();
    }

    private async Task<List<string>> NotesAsync(string orderId)
    {
        var store = _host.Services.GetRequiredService<IWorkflowInstanceStore>();
        var id = Assert.Single(await store.FindActiveIdsByCorrelationAsync(orderId));
        return (await store.GetJournalAsync(id, 0, 1000)).Items.Where(e => e.EventName == "Note").Select(e => e.Message ?? "").ToList();
    }

    private static JsonObject Generic(string orderId, string email, string currency, double unitPrice, string? phone = null, string? timeZone = null)
    {
        var body = Purchase(orderId, email, phone ?? "+15005550030", unitPrice);
        body["currency"] = currency;
        body["customer"]!["timeZone"] = timeZone;
        if (phone is null) body["customer"]!.AsObject().Remove("phone");
        return body;
    }

    [Fact]
    public async Task Confirmations_show_each_currencys_own_decimals()
    {
        await _host.SendAsync(Generic("KWD-1", "kw@example.com", "KWD", 12.34));
        await _host.SendAsync(Generic("JPY-1", "jp@example.com", "JPY", 1500));

        Assert.Equal(12340, (long)(await PurchaseOfAsync("KWD-1"))["totalMinor"]!);
        Assert.Contains("12.340 KWD", Text(Assert.Single(_host.MailsTo("kw@example.com"))));
        Assert.Contains("1,500 JPY", Text(Assert.Single(_host.MailsTo("jp@example.com"))));
    }

    [Fact]
    public async Task A_free_stripe_checkout_is_confirmed_and_stripe_isk_amounts_are_converted()
    {
        await StripeAsync(new JsonObject
        {
            ["id"] = "cs_free", ["object"] = "checkout.session", ["payment_intent"] = null, ["amount_total"] = 0, ["currency"] = "usd",
            ["payment_status"] = "no_payment_required", ["status"] = "complete", ["created"] = 1772445600,
            ["customer_details"] = new JsonObject { ["email"] = "free@example.com", ["name"] = "Free Buyer" },
        });
        Assert.Equal("Your order cs_free is confirmed", Subject(Assert.Single(_host.MailsTo("free@example.com"))));

        await StripeAsync(new JsonObject
        {
            ["id"] = "cs_isk", ["object"] = "checkout.session", ["payment_intent"] = "pi_isk", ["amount_total"] = 1234500, ["currency"] = "isk",
            ["payment_status"] = "paid", ["status"] = "complete", ["created"] = 1772445600,
            ["customer_details"] = new JsonObject { ["email"] = "isk@example.com", ["name"] = null },
            ["shipping_details"] = new JsonObject { ["name"] = "Björk Guðmundsdóttir", ["address"] = new JsonObject { ["country"] = "IS" } },
        });
        var isk = await PurchaseOfAsync("pi_isk");
        Assert.Equal(12345, (long)isk["totalMinor"]!); // Stripe counts ISK in hundredths; ISO 4217 has no decimals
        Assert.Equal("Björk Guðmundsdóttir", (string?)isk["customer"]!["name"]);
        Assert.StartsWith("Hi Björk,", Text(Assert.Single(_host.MailsTo("isk@example.com"))));
    }

    [Fact]
    public async Task A_shopify_guest_order_is_greeted_by_its_shipping_name_in_bhd_with_three_decimals()
    {
        await ShopifyAsync(new JsonObject
        {
            ["id"] = 5_550_001, ["name"] = "#1001", ["email"] = "", ["contact_email"] = "guest@example.com", ["customer"] = null,
            ["currency"] = "BHD", ["total_price"] = "12.345", ["financial_status"] = "paid", ["processed_at"] = "2026-03-02T10:00:00Z",
            ["shipping_address"] = new JsonObject { ["first_name"] = "Layla", ["last_name"] = "Haddad", ["country_code"] = "BH" },
            ["line_items"] = new JsonArray(new JsonObject { ["name"] = "Photography Masterclass", ["sku"] = "PHOTO-101", ["quantity"] = 1, ["price"] = "12.345" }),
        });
        var purchase = await PurchaseOfAsync("5550001");
        Assert.Equal(12345, (long)purchase["totalMinor"]!);
        Assert.Equal("Layla Haddad", (string?)purchase["customer"]!["name"]);
        Assert.StartsWith("Hi Layla,", Text(Assert.Single(_host.MailsTo("guest@example.com"))));

        // A free Shopify order (100 % discount) is paid too.
        await ShopifyAsync(new JsonObject
        {
            ["id"] = 5_550_002, ["email"] = "zero@example.com", ["currency"] = "USD", ["total_price"] = "0.00", ["financial_status"] = "paid",
            ["billing_address"] = new JsonObject { ["name"] = "Zero Total" },
        });
        Assert.Equal(0, (long)(await PurchaseOfAsync("5550002"))["totalMinor"]!);
        Assert.StartsWith("Hi Zero,", Text(Assert.Single(_host.MailsTo("zero@example.com"))));
    }

    [Fact]
    public async Task A_misspelt_zone_is_repaired_and_a_missing_one_inferred_from_the_phone_and_both_are_noted()
    {
        // Day 7 is 10:00 UTC on Monday 9 March 2026: 06:00 in New York (EDT), before the 09:00–20:00 SMS window.
        await _host.SendAsync(Generic("TZ-NY", "ny@example.com", "USD", 10, phone: "+15005550031", timeZone: "America/New York"));
        await _host.SendAsync(Generic("TZ-GB", "gb@example.com", "GBP", 10, phone: "+447700900123", timeZone: null));
        await _host.AdvanceToDayAsync(2);
        await _host.AdvanceToDayAsync(7);

        Assert.DoesNotContain(_host.Twilio.Requests, r => r.Form["To"] == "+15005550031"); // not at 06:00 local
        Assert.Contains(_host.Twilio.Requests, r => r.Form["To"] == "+447700900123"); // 10:00 in London
        Assert.Contains(await NotesAsync("TZ-NY"), n => n.Contains("time zone 'America/New York' read as America/New_York"));
        Assert.Contains(await NotesAsync("TZ-GB"), n => n.Contains("used Europe/London from the phone number's country (GB)"));

        await _host.AdvanceToDayAsync(7.2); // 14:48 UTC = 10:48 EDT
        Assert.Contains(_host.Twilio.Requests, r => r.Form["To"] == "+15005550031");
    }

    [Fact]
    public async Task The_simulator_says_when_it_falls_back_to_the_default_zone()
    {
        var payload = Generic("SIM-TZ", "sim@example.com", "USD", 10, phone: "+15005550032", timeZone: "Mars/Olympus_Mons");
        var request = _host.ApiRequest(HttpMethod.Post, "/api/simulations");
        request.Content = JsonContent.Create(new JsonObject { ["payload"] = payload });
        var report = (await (await _host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(report["steps"]!.AsArray(), s => ((string?)s!["rule"] ?? "").Contains(
            "time zone 'Mars/Olympus_Mons' is unknown and neither the phone number nor the address names a one-zone country; used the default UTC (Messaging__DefaultTimeZone)"));
    }

    [Fact]
    public async Task Marketing_email_carries_the_legal_name_and_postal_address_in_both_parts_and_transactional_does_not()
    {
        await _host.SendAsync(Purchase("ADDR-1", "addr@example.com", "+15005550033"));
        await _host.AdvanceToDayAsync(2);
        var (confirmation, onboarding) = (_host.MailsTo("addr@example.com")[0], _host.MailsTo("addr@example.com")[1]);
        Assert.Contains("Test Shop Ltd, 1 Test Street, Testville TE1 1ST, United Kingdom", Text(onboarding));
        Assert.Contains("Test Shop Ltd, 1 Test Street, Testville TE1 1ST, United Kingdom", onboarding.Part("text/html")!.Text);
        Assert.DoesNotContain("1 Test Street", Text(confirmation));
    }

    [Fact]
    public async Task A_late_unhappy_review_is_stored_counted_and_sent_to_support_and_a_truly_expired_link_is_410()
    {
        await _host.SendAsync(Purchase("LATE-1", "late@example.com", "+15005550034"));
        await _host.AdvanceToDayAsync(2);
        await _host.AdvanceToDayAsync(7);
        var sms = Assert.Single(_host.Twilio.Requests, r => r.Form["To"] == "+15005550034");
        var path = new Uri(Regex.Match(sms.Form["Body"], BaseUrl + @"/review/[\w.-]+").Value).AbsolutePath;
        await _host.AdvanceToDayAsync(12); // the journey's five-day wait ends: NoResponse
        await _host.AdvanceToDayAsync(14);

        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync(path)).StatusCode);
        var submitted = await _host.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "2", ["comment"] = "Arrived [broken](http://evil.example)" }));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        await _host.DrainAsync();

        var alert = Assert.Single(_host.MailsTo("support@shop.test"));
        Assert.Equal("Late unhappy review: 2/5 for order LATE-1", Subject(alert));
        Assert.DoesNotContain("href=\"http://evil.example\"", alert.Part("text/html")!.Text); // the comment is data
        Assert.DoesNotContain(_host.MailsTo("late@example.com"), m => Subject(m) == "We are sorry, and we are on it"); // the journey moved on

        // Submitting again changes nothing and alerts nobody twice.
        await _host.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "1" }));
        await _host.DrainAsync();
        Assert.Single(_host.MailsTo("support@shop.test"));

        var report = await _host.Client.SendAsync(_host.ApiRequest(HttpMethod.Get, "/api/reports/journeys/post-purchase?from=2026-03-01&to=2026-03-31"));
        var review = (await report.Content.ReadFromJsonAsync<JsonObject>())!["steps"]!.AsArray().Single(s => (string?)s!["activityId"] == "review")!;
        Assert.Equal((1, 2.0), ((int)review["reviews"]!, (double)review["averageRating"]!));

        await _host.AdvanceToDayAsync(7 + 61);
        var expired = await _host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        var page = await expired.Content.ReadAsStringAsync();
        Assert.Contains("This review link has expired", page);
        Assert.Contains("support@shop.test", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.GetAsync(path[..^4] + "abcd")).StatusCode); // forged: not "expired"
    }
}
