using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Commerce.Catalog;

/// <summary>
/// Gives every expression a <c>Catalog</c> object describing the purchase's items: per item the product's kind, delivery
/// (with a signed download link for digital goods), tips, cross-sell and review page, plus journey-wide facts such as
/// whether anything ships physically and how long delivery is expected to take. Unknown items get the default copy.
/// </summary>
public sealed class CatalogExpressionGlobals(ProductCatalog catalog, IDownloadLinks downloads, CatalogSettings settings) : IExpressionGlobals
{
    public void Contribute(ExpressionScope scope)
    {
        var purchase = ReadPurchase(scope.Input);
        if (purchase is null) return;

        var items = new JsonArray();
        foreach (var item in purchase.Items)
        {
            var product = catalog.Find(item);
            // An unknown item is described with the purchase's own name for it: data, marked as such for templates.
            items.Add(Describe(product ?? catalog.Default with { Name = UntrustedText.Mark(item.Name) }, item, purchase, isKnown: product is not null));
        }

        var physical = purchase.Items.Select(catalog.Find).Where(p => p?.Kind == ProductKind.Physical).ToList();
        var first = items.FirstOrDefault()?.DeepClone() ?? Describe(catalog.Default, null, purchase, isKnown: false);
        scope.Globals["Catalog"] = new JsonObject
        {
            ["items"] = items,
            ["primary"] = first,
            ["hasPhysical"] = physical.Count > 0,
            ["hasDigital"] = purchase.Items.Select(catalog.Find).Any(p => p?.Kind == ProductKind.Digital),
            ["expectedDeliveryDays"] = physical.Count > 0 ? physical.Max(p => p!.ExpectedDeliveryDays) : null,
            ["isRepeatCustomer"] = purchase.PreviousOrderCount > 0,
        };
    }

    private JsonObject Describe(CatalogProduct product, PurchaseItem? item, Purchase purchase, bool isKnown)
    {
        var crossSell = product.CrossSell is { } id ? catalog.FindById(id) : null;
        var downloadUrl = isKnown && product is { Kind: ProductKind.Digital, DeliveryUrl: not null }
            ? downloads.LinkFor(product.Id, purchase.OrderId, purchase.PurchasedAt + settings.DownloadLinkLifetime)
            : null;
        return new JsonObject
        {
            ["id"] = product.Id,
            ["known"] = isKnown,
            ["name"] = product.Name,
            ["kind"] = product.Kind.ToString().ToLowerInvariant(),
            ["quantity"] = item?.Quantity ?? 0,
            ["unitPriceMinor"] = item?.UnitPriceMinor ?? 0,
            ["downloadUrl"] = downloadUrl,
            ["deliveryText"] = product.DeliveryText ?? DefaultDeliveryText(product),
            ["expectedDeliveryDays"] = product.ExpectedDeliveryDays,
            ["onboardingTips"] = product.OnboardingTips ?? catalog.Default.OnboardingTips,
            ["reviewUrl"] = product.ReviewUrl ?? catalog.Default.ReviewUrl,
            ["crossSell"] = crossSell is null ? null : new JsonObject { ["id"] = crossSell.Id, ["name"] = crossSell.Name, ["url"] = crossSell.ProductUrl },
        };
    }

    private static string? DefaultDeliveryText(CatalogProduct product) => product.Kind switch
    {
        ProductKind.Digital when product.DeliveryUrl is not null => "Your download is ready: use the link in this email.",
        ProductKind.Physical when product.ExpectedDeliveryDays is { } days => $"It ships shortly and should arrive within {days} days.",
        _ => null,
    };

    private static Purchase? ReadPurchase(JsonObject input)
    {
        if (input["purchase"] is not JsonObject node) return null;
        try
        {
            return node.Deserialize<Purchase>(JsonDefaults.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
