using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PostPurchase.Server.Tests.ElsaApi;

internal static class Json
{
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Every property name anywhere in the document (to check camelCase).</summary>
    public static IEnumerable<string> PropertyNames(JsonNode? node, bool skipFreeForm = true) => node switch
    {
        JsonObject o => o.SelectMany(p => (skipFreeForm && p.Key is "properties" or "customProperties" or "input" or "payload" ? [] : PropertyNames(p.Value)).Prepend(p.Key)),
        JsonArray a => a.SelectMany(x => PropertyNames(x)),
        _ => [],
    };

    public static void AssertCamelCase(JsonNode node) =>
        Assert.All(PropertyNames(node), name => Assert.True(char.IsLower(name[0]) || name[0] == '_', $"property '{name}' is not camelCase"));
}
