using System.Text.Json;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// A person's name as an address block carries it, for guest orders whose customer has no name: Shopify and the
/// generic body use <c>first_name</c>/<c>last_name</c> (or <c>firstName</c>/<c>lastName</c>) and <c>name</c>;
/// PayPal's shipping uses <c>name.full_name</c>.
/// </summary>
internal static class AddressNames
{
    /// <summary>The first name found among <paramref name="addresses"/> (in order of preference), or null.</summary>
    public static string? FirstOf(params JsonElement?[] addresses) =>
        addresses.Select(Of).FirstOrDefault(name => name is not null);

    /// <summary>"First Last" from the parts that are present; null when none is.</summary>
    public static string? Join(params string?[] parts)
    {
        var name = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return name.Length > 0 ? name : null;
    }

    private static string? Of(JsonElement? address) => address is not { ValueKind: JsonValueKind.Object } a ? null
        : Join(a.Str("first_name") ?? a.Str("firstName"), a.Str("last_name") ?? a.Str("lastName"))
          ?? a.Str("name") ?? a.Str("name", "full_name") ?? a.Str("full_name") ?? a.Str("fullName") ?? a.Str("recipient_name");
}
