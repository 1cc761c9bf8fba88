using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Tests.Expressions;

public sealed class LiquidTests
{
    private readonly LiquidRenderer _liquid = new();
    private readonly TemplateRenderer _handlebars = new();

    private static ExpressionScope Scope(string purchase = """{"orderId":"o-1","totalMinor":4990,"currency":"EUR","placedAt":"2026-03-01T23:30:00Z","customer":{"firstName":"Ada","timeZone":"Asia/Tokyo","tier":"gold"},"items":[{"name":"Mug","quantity":2,"priceMinor":1500},{"name":"Tea","quantity":1,"priceMinor":1990}]}""")
    {
        var scope = new ExpressionScope
        {
            Input = new JsonObject { ["purchase"] = JsonNode.Parse(purchase) },
            Variables = new Dictionary<string, JsonNode?> { ["ReviewUrl"] = "https://shop.test/r/abc" },
            Activities = JsonNode.Parse("""{"SendEmail1":{"MessageId":"m-1"}}""")!.AsObject(),
            WorkflowInstanceId = "i-1",
        };
        scope.Globals["Store"] = new JsonObject { ["name"] = "Acme & Co", ["url"] = "https://acme.test" };
        return scope;
    }

    private string Liquid(string template, ExpressionScope? scope = null) => UntrustedText.Strip(_liquid.Render(template, scope ?? Scope()));

    [Theory]
    [InlineData("Hi {{ Purchase.Customer.FirstName }}!", "Hi Ada!")]
    [InlineData("Hi {{ purchase.customer.firstName }}!", "Hi Ada!")]
    [InlineData("{{ Purchase.TotalMinor | money: Purchase.Currency }}", "49.90 EUR")]
    [InlineData("{{ 1234 | money: 'JPY' }} {{ 12340 | money: 'KWD' }}", "1,234 JPY 12.340 KWD")]
    [InlineData("{% for item in Purchase.Items %}{{ item.Name }} × {{ item.Quantity }}; {% endfor %}", "Mug × 2; Tea × 1; ")]
    [InlineData("{% if Purchase.Customer.Tier == 'gold' %}VIP{% else %}-{% endif %}", "VIP")]
    [InlineData("{{ Purchase.Items | size }} {{ Purchase.Customer.FirstName | upcase }}", "2 ADA")]
    [InlineData("{{ Purchase.PlacedAt | date: 'yyyy-MM-dd HH:mm' }}", "2026-03-02 08:30")]
    [InlineData("{{ Purchase.PlacedAt | date: '%Y-%m-%d' }}", "2026-03-02")]
    [InlineData("{{ Variables.ReviewUrl }} {{ ReviewUrl }} {{ Activities.SendEmail1.MessageId }} {{ Store.name }}", "https://shop.test/r/abc https://shop.test/r/abc m-1 Acme & Co")]
    public void Renders_the_model_with_liquid_filters(string template, string expected) => Assert.Equal(expected, Liquid(template));

    [Fact]
    public void Missing_values_render_the_fallback_in_liquid_and_handlebars()
    {
        var guest = Scope("""{"orderId":"o-2","customer":{"email":"x@y.test"}}""");

        Assert.Equal("Hi there,", Liquid("Hi {{ Purchase.Customer.FirstName | default: \"there\" }},", guest));
        Assert.Equal("Hi ,", Liquid("Hi {{ Purchase.Customer.FirstName }},", guest));
        Assert.Equal("Hi there,", UntrustedText.Strip(_handlebars.Render("Hi {{ default Purchase.Customer.FirstName \"there\" }},", guest)));
        Assert.Equal("Hi Ada,", UntrustedText.Strip(_handlebars.Render("Hi {{ default Purchase.Customer.FirstName \"there\" }},", Scope())));
        Assert.Equal("Total: .", UntrustedText.Strip(_handlebars.Render("Total: {{ money Purchase.TotalMinor Purchase.Currency }}.", guest)));
    }

    [Fact]
    public void Handlebars_money_uses_the_one_currency_table()
    {
        var scope = Scope("""{"totalMinor":12340,"currency":"KWD"}""");
        Assert.Equal("12.340 KWD", UntrustedText.Strip(_handlebars.Render("{{ money Purchase.TotalMinor Purchase.Currency }}", scope)));
    }

    [Fact]
    public void Untrusted_values_are_marked_and_trusted_globals_are_not()
    {
        var rendered = _liquid.Render("{{ Purchase.Customer.FirstName }} at {{ Store.url }}", Scope());

        Assert.Equal($"{UntrustedText.Open}Ada{UntrustedText.Close} at https://acme.test", rendered);
        Assert.Equal(["https://acme.test"], MessageText.From(rendered).TrustedUrls);
    }

    [Fact]
    public void A_liquid_syntax_error_names_line_and_column()
    {
        var error = Assert.Throws<ScriptSyntaxException>(() => _liquid.Parse("Hello\n{% if x %}unclosed"));
        Assert.True(error.Line >= 1);
        Assert.NotEmpty(error.Message);
    }
}
