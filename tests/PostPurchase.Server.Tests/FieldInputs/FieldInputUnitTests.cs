using System.Text.Json.Nodes;
using PostPurchase.AI.Activities;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Reports;

namespace PostPurchase.Server.Tests.FieldInputs;

public class FieldInputUnitTests
{
    [Theory]
    [InlineData("KWD", 12340, "KWD 12.340")]
    [InlineData("bhd", 5, "BHD 0.005")]
    [InlineData("JPY", 1500, "JPY 1,500")]
    [InlineData("ISK", 12345, "ISK 12,345")]
    [InlineData("EUR", 123450, "EUR 1,234.50")]
    public void Report_revenue_uses_each_currencys_exponent(string currency, long minor, string expected) =>
        Assert.Equal(expected, MoneyText.Format(currency, minor));

    [Fact]
    public void The_ai_context_states_a_kwd_total_with_three_decimals()
    {
        var input = JsonNode.Parse("""{"purchase":{"totalMinor":12340,"currency":"KWD","customer":{}}}""")!.AsObject();
        Assert.Equal("12.340 KWD", (string?)PersonalizationContext.FromWorkflowInput(input)["orderTotal"]);
    }

    [Theory]
    [InlineData("America/New_York", null, null, "America/New_York", false)]
    [InlineData("america/new_york", null, null, "America/New_York", true)]
    [InlineData("America/New York", null, null, "America/New_York", true)]
    [InlineData(" Europe / Berlin ", null, null, "Europe/Berlin", true)]
    [InlineData("US/Eastern", null, null, "America/New_York", true)]
    [InlineData("EST", null, null, "America/New_York", true)]
    [InlineData("Eastern Standard Time", null, null, "America/New_York", true)] // a Windows id
    [InlineData("W. Europe Standard Time", null, null, "Europe/Berlin", true)]
    [InlineData(null, "+447700900123", null, "Europe/London", true)]
    [InlineData("Nowhere/Special", "+81312345678", null, "Asia/Tokyo", true)]
    [InlineData(null, "+14155550100", "DE", "Europe/Berlin", true)] // +1 is many zones; the address's country is one
    [InlineData(null, "+14155550100", "US", "UTC", true)] // the US has many zones: the default, said so
    [InlineData(null, null, "fr", "Europe/Paris", true)]
    public void Zones_are_repaired_then_inferred_then_defaulted_and_anything_but_the_exact_id_is_noted(
        string? requested, string? phone, string? country, string expected, bool noted)
    {
        var choice = RecipientTimeZones.Resolve(requested, phone, country, "UTC");
        Assert.Equal(expected, choice.Zone.Id);
        Assert.Equal(noted, choice.Note is not null);
        Assert.Equal(expected == "UTC", choice.IsDefault);
    }
}
