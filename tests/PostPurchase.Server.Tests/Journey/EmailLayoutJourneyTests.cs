using PostPurchase.Server.Tests.Infrastructure;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Journey;

/// <summary>The shipped journey's emails over SMTP go through the shop's layout (workflows/email-layout.liquid).</summary>
public sealed class EmailLayoutJourneyTests : IAsyncLifetime
{
    private const string Logo = "https://shop.test/brand/logo.png";
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await StartAsync(new Dictionary<string, string?> { ["Store:LogoUrl"] = Logo, ["Store:BrandColor"] = "#aa3300" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_confirmation_and_the_offer_carry_the_logo_brand_colour_footer_address_unsubscribe_link_and_a_text_part()
    {
        var purchase = Purchase("L-1", "lin@example.com", "+15005550031");
        purchase["customer"]!["name"] = "Lin<b>Bold</b>"; // one word: the first name
        await _host.SendAsync(purchase);
        foreach (var day in new[] { 2, 7, 12, 21 }) await _host.AdvanceToDayAsync(day);

        var mails = _host.MailsTo("lin@example.com");
        var confirmation = mails.Single(m => Subject(m) == "Your order L-1 is confirmed");
        var offer = mails.Single(m => Subject(m)!.StartsWith("A thank-you gift for you", StringComparison.Ordinal));
        foreach (var mail in new[] { confirmation, offer })
        {
            var html = mail.Part("text/html")!.Text;
            Assert.Contains($"<img src=\"{Logo}\"", html);
            Assert.Contains("#aa3300", html);
            Assert.Contains("width=\"600\"", html);
            Assert.Contains("name=\"color-scheme\" content=\"light dark\"", html);
            Assert.Contains("name=\"supported-color-schemes\"", html);
            Assert.Contains("Test Shop Ltd, 1 Test Street, Testville TE1 1ST, United Kingdom", html);
            Assert.Contains("http://shop.test/unsubscribe/", html);
            Assert.DoesNotContain("<b>Bold</b>", html); // the customer's name is data, not markup
            Assert.False(string.IsNullOrWhiteSpace(Text(mail)));
            Assert.DoesNotContain("<table", Text(mail));
        }

        Assert.Contains("Lin&lt;b&gt;Bold&lt;/b&gt;", confirmation.Part("text/html")!.Text);

        // Marketing mail says "Unsubscribe" and carries the one-click headers; the confirmation only the preferences link.
        Assert.Contains(">Unsubscribe</a>", offer.Part("text/html")!.Text);
        Assert.NotNull(offer.Header("List-Unsubscribe"));
        Assert.Contains(">Email preferences</a>", confirmation.Part("text/html")!.Text);
        Assert.Null(confirmation.Header("List-Unsubscribe"));
        Assert.Contains("Unsubscribe: http://shop.test/unsubscribe/", Text(offer));
    }
}
