using System.Text.Json.Nodes;
using PostPurchase.Workflows.Money;

namespace PostPurchase.AI.Activities;

/// <summary>
/// The facts sent to the model when the activity's Context input is empty: first name, product names, order total and
/// locale. Never the email address, phone number or postal address.
/// </summary>
public static class PersonalizationContext
{
    public static JsonObject FromWorkflowInput(JsonObject input)
    {
        var purchase = input["purchase"] as JsonObject;
        var customer = purchase?["customer"] as JsonObject;
        var name = customer?["name"]?.ToString()?.Trim();
        var currency = purchase?["currency"]?.ToString() ?? "USD";
        var totalMinor = purchase?["totalMinor"] is JsonValue t && t.TryGetValue(out long minor) ? minor : 0;
        return new JsonObject
        {
            ["firstName"] = string.IsNullOrEmpty(name) ? null : name.Split(' ', 2)[0],
            ["products"] = new JsonArray((purchase?["items"] as JsonArray ?? []).Select(i => (JsonNode?)i?["name"]?.ToString()).Where(n => n is not null).ToArray()),
            ["orderTotal"] = Currencies.Format(totalMinor, currency),
            ["locale"] = customer?["locale"]?.ToString(),
        };
    }
}
