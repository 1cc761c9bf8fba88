using System.Text;
using System.Text.Json.Nodes;

namespace PostPurchase.Commerce.Tests.Providers;

internal static class Bodies
{
    public static byte[] Utf8(this JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Utf8(this string text) => Encoding.UTF8.GetBytes(text);
}
