using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Server.Tests.Infrastructure;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Journey;

/// <summary>
/// The shipped (Liquid) journey with hostile purchase data: item names render exactly as typed in the HTML part, the
/// text part, the subject and the SMS, never become links or formatting, and only our own links go through /c/.
/// </summary>
public sealed class DataSafeTemplateTests : IAsyncLifetime
{
    private const string Plain = "Tom & Jerry's <Deluxe> *x*";
    private const string MarkdownLink = "[Claim your refund](https://evil.test/phish)";
    private const string BareUrl = "Visit https://evil.test/bare now";

    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await JourneyTestHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Order(string orderId, string email, string phone, string? name, params string[] itemNames)
    {
        var purchase = Purchase(orderId, email, phone);
        if (name is null) purchase["customer"]!.AsObject().Remove("name");
        var items = new JsonArray(itemNames.Select((n, i) => (JsonNode)new JsonObject { ["sku"] = $"X-{i}", ["name"] = n, ["quantity"] = 1, ["unitPrice"] = 10.00 }).ToArray());
        items.Add(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = 89.00 });
        purchase["items"] = items;
        return purchase;
    }

    private async Task<List<string>> FollowEveryTrackedLinkAsync(string text) =>
        [.. await Task.WhenAll(Regex.Matches(text, Regex.Escape(BaseUrl) + @"/c/[\w-]+").Select(m => m.Value).Distinct().Select(u => _host.FollowTrackedLinkAsync(u)))];

    [Fact]
    public async Task Hostile_item_names_read_as_typed_in_every_part_and_are_never_links()
    {
        await _host.SendAsync(Order("SAFE-1", "safe@example.com", "+15005550020", "Grace Hopper", Plain, MarkdownLink, BareUrl));

        var confirmation = Assert.Single(_host.MailsTo("safe@example.com"));
        var text = Text(confirmation);
        var html = confirmation.Part("text/html")!.Text;
        Assert.Contains($"- 1 × {Plain} — 10.00 EUR", text);
        Assert.Contains($"- 1 × {MarkdownLink} — 10.00 EUR", text);
        Assert.Contains($"- 1 × {BareUrl} — 10.00 EUR", text);
        Assert.Contains("Tom &amp; Jerry's &lt;Deluxe&gt; *x*", html);
        Assert.Contains("[Claim your refund](https://evil.test/phish)", html);
        Assert.Contains("Visit https://evil.test/bare now", html);
        Assert.DoesNotContain("<em>", html);
        Assert.DoesNotContain("<Deluxe>", html);
        Assert.DoesNotContain("href=\"https://evil.test", html);
        // Every link is ours: tracked, the unsubscribe page, or the layout's mailto: of the support address.
        Assert.Equal(Regex.Matches(html, "<a ").Count, Regex.Matches(html, "<a href=\"(" + Regex.Escape(BaseUrl) + "/(c|unsubscribe)/|mailto:support@shop\\.test\")").Count);

        // Our own links are still tracked; nothing we redirect leads to the data's URLs.
        var targets = await FollowEveryTrackedLinkAsync(text);
        Assert.Contains(targets, t => t.StartsWith(BaseUrl + "/downloads/"));
        Assert.DoesNotContain(targets, t => t.Contains("evil.test"));

        await _host.AdvanceToDayAsync(2);
        Assert.Equal($"Getting the most out of {Plain}", Subject(_host.MailsTo("safe@example.com").Last()));

        await _host.AdvanceToDayAsync(7);
        var sms = Assert.Single(_host.Twilio.Requests).Form["Body"];
        Assert.StartsWith($"Hi Grace, how do you like {Plain}? Tap to rate it (takes 10 seconds): ", sms);
    }

    [Fact]
    public async Task A_guest_is_greeted_with_the_fallback_and_a_url_in_data_is_not_tracked_in_the_sms()
    {
        await _host.SendAsync(Order("SAFE-2", "guest@example.com", "+15005550021", null, BareUrl));

        var confirmation = Assert.Single(_host.MailsTo("guest@example.com"));
        Assert.StartsWith("Hi there,", Text(confirmation));

        await _host.AdvanceToDayAsync(2);
        await _host.AdvanceToDayAsync(7);
        var sms = Assert.Single(_host.Twilio.Requests).Form["Body"];
        Assert.StartsWith($"Hi there, how do you like {BareUrl}? Tap to rate it (takes 10 seconds): ", sms);
        Assert.DoesNotContain(await FollowEveryTrackedLinkAsync(sms), t => t.Contains("evil.test"));
    }
}
