using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Hosting;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Simulations;

/// <summary>A purchase to try a journey on, and where it came from (shown to the user).</summary>
public sealed record SamplePurchase(Purchase Purchase, string Source);

/// <summary>
/// The sample purchase a test or simulation of a journey runs on: the journey's most recent real purchase, masked on
/// the server (<see cref="Mask"/>), else <c>samples/purchase.json</c> beside <c>workflows/</c>, else a built-in one.
/// </summary>
public sealed partial class SamplePurchases(IWorkflowInstanceStore instances, ServerSettings settings, GenericEventNormalizer generic)
{
    /// <summary>How many of the newest instances are looked at for one that carries a purchase.</summary>
    private const int Newest = 20;

    public async Task<SamplePurchase> ForJourneyAsync(string definitionId, CancellationToken cancellationToken)
    {
        var page = await instances.ListAsync(new InstanceQuery { DefinitionIds = [definitionId], PageSize = Newest, Descending = true }, cancellationToken);
        foreach (var instance in page.Items)
            if (instance.State.Input["purchase"] is JsonObject json && Read(json) is { } purchase)
                return new SamplePurchase(Mask(purchase), $"the most recent purchase of this journey (order {purchase.OrderId}), masked");
        return FromSamplesFile();
    }

    /// <summary>
    /// What a real purchase may show in the Studio: the email as <c>a***@domain</c>, the phone number as its last two
    /// digits (the others zeroed but the first, so it keeps the shape of an E.164 number), the first name only, no
    /// provider customer id and no metadata that looks like contact details. Consent flags, country, time zone,
    /// locale, items and amounts stay: the rules and templates need them.
    /// </summary>
    public static Purchase Mask(Purchase purchase) => purchase with
    {
        ProviderCustomerId = null,
        Customer = purchase.Customer with
        {
            Email = purchase.Customer.Email is { Length: > 0 } email ? Addresses.Mask(email.Trim()) : null,
            Phone = MaskPhone(purchase.Customer.Phone),
            Name = purchase.Customer.FirstName,
        },
        Metadata = purchase.Metadata.Where(m => !ContactLike().IsMatch(m.Key)).ToDictionary(m => m.Key, m => m.Value),
    };

    private static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 4) return "+" + new string('0', digits.Length);
        return "+" + digits[0] + new string('0', digits.Length - 3) + digits[^2..];
    }

    private SamplePurchase FromSamplesFile()
    {
        var file = Path.Combine(Path.GetDirectoryName(settings.WorkflowsDirectory.TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "samples", "purchase.json");
        if (File.Exists(file))
        {
            try
            {
                if (generic.Normalize("sample", Encoding.UTF8.GetBytes(File.ReadAllText(file))).Purchase is { } purchase)
                    return new SamplePurchase(purchase, "samples/purchase.json");
            }
            catch (Exception ex) when (ex is MalformedWebhookException or IOException)
            {
                // fall through to the built-in sample
            }
        }

        return new SamplePurchase(new Purchase
        {
            Provider = "generic", OrderId = "SAMPLE-1",
            Customer = new Customer { Email = "ada@example.com", Name = "Ada", TimeZone = "Europe/London", MarketingConsent = true },
            Items = [new PurchaseItem { Sku = "PHOTO-101", Name = "Photography Masterclass", Quantity = 1, UnitPriceMinor = 8900 }],
            TotalMinor = 8900, Currency = "GBP",
        }, "a built-in sample purchase");
    }

    private static Purchase? Read(JsonObject json)
    {
        try
        {
            return json.Deserialize<Purchase>(JsonDefaults.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("address|street|city|zip|postal|phone|email|mail|name|ip", RegexOptions.IgnoreCase)]
    private static partial Regex ContactLike();
}
