using System.Text.Json;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Commerce.Purchases;

/// <summary>Reads the <c>purchase</c> from a journey's input (null for workflows that don't start from a purchase).</summary>
public static class PurchaseInput
{
    public static Purchase? From(ActivityExecutionContext context)
    {
        if (context.WorkflowInput["purchase"] is not { } node) return null;
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
