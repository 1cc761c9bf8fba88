using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Activities;

/// <summary>
/// Starts a journey when a verified purchase comes in (any provider's webhook). Empty filters match everything;
/// the purchase is the activity's output and the workflow input <c>purchase</c>.
/// </summary>
[Activity("PostPurchase", "Commerce", "Starts the journey when a purchase is paid (Stripe, PayPal, Shopify or the generic webhook).", DisplayName = "Purchase")]
public sealed class PurchaseTrigger : Activity, ITrigger
{
    public const string TypeName = "PostPurchase.PurchaseTrigger";

    [Input(Description = "Only purchases from this provider.", Options = ["any", "stripe", "paypal", "shopify", "generic"], DefaultValue = "any", UIHint = UIHints.Dropdown)]
    public Input<string> Provider { get; set; } = new();

    [Input(DisplayName = "SKU / price / product id", Description = "Only purchases containing an item with this SKU, price, product or variant id (comma-separated for several).")]
    public Input<string> Sku { get; set; } = new();

    [Input(Description = "Only purchases whose total is at least this amount (in the currency's major unit, e.g. 50 or 49.99).")]
    public Input<decimal?> MinimumAmount { get; set; } = new();

    [Input(Description = "Only purchases in this ISO 4217 currency (e.g. EUR).")]
    public Input<string> Currency { get; set; } = new();

    [Output(Description = "The normalised purchase.")]
    public Output<Purchase> Purchase { get; set; } = new();

    public async ValueTask<bool> MatchesAsync(ActivityExecutionContext context)
    {
        var purchase = Read(context);
        if (purchase is null) return false;

        var provider = await context.GetAsync(Provider);
        if (!string.IsNullOrWhiteSpace(provider) && !provider.Equals("any", StringComparison.OrdinalIgnoreCase)
            && !provider.Trim().Equals(purchase.Provider, StringComparison.OrdinalIgnoreCase))
            return false;

        var currency = await context.GetAsync(Currency);
        if (!string.IsNullOrWhiteSpace(currency) && !currency.Trim().Equals(purchase.Currency, StringComparison.OrdinalIgnoreCase))
            return false;

        // The threshold is in the major unit; compare in the purchase currency's ISO minor units (12.5 KWD = 12500).
        if (await context.GetAsync(MinimumAmount) is { } minimum && purchase.TotalMinor < Currencies.FromDecimal(minimum, purchase.Currency))
            return false;

        var skus = await context.GetAsync(Sku);
        if (!string.IsNullOrWhiteSpace(skus))
        {
            var wanted = skus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!purchase.Items.Any(item => new[] { item.Sku, item.PriceId, item.ProductId, item.VariantId }.Any(id => id is not null && wanted.Contains(id))))
                return false;
        }

        return true;
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var purchase = Read(context) ?? throw new InvalidOperationException("The workflow input has no purchase; PurchaseTrigger starts only from a purchase webhook.");
        context.Set(Purchase, purchase);
        context.RecordCustomer(CustomerKeys.Email(purchase), CustomerKeys.ProviderCustomer(purchase), purchase.OrderId, purchase.TotalMinor, purchase.Currency.ToUpperInvariant());
        return ValueTask.FromResult(ActivityResult.Done());
    }

    private static Purchase? Read(ActivityExecutionContext context) => PurchaseInput.From(context);
}
