using PostPurchase.Commerce.Customers;
using PostPurchase.Engagement.Reports;

namespace PostPurchase.Engagement.Attribution;

/// <summary>A person opening or clicking one journey message.</summary>
public sealed record Touch(string InstanceId, string ActivityId, bool IsClick, DateTimeOffset At);

public sealed record AttributedConversion(CustomerOrder Order, Touch Touch);

/// <summary>
/// Last-touch attribution of a customer's later purchases: a purchase within the click window after a click, or within
/// the (shorter) open window after an open, belongs to that message. A click beats an open; among clicks (or opens)
/// the latest before the purchase wins. Each order is attributed at most once; refunded orders are never in
/// <paramref name="orders"/>, so a refund removes its attribution.
/// </summary>
public static class ConversionAttribution
{
    /// <param name="touches">One customer's touches.</param>
    /// <param name="orders">The same customer's orders that were not refunded.</param>
    /// <param name="ownOrderIds">The orders that started the customer's journeys: never a conversion of themselves.</param>
    public static IReadOnlyList<AttributedConversion> Attribute(
        IReadOnlyList<Touch> touches, IReadOnlyList<CustomerOrder> orders, AttributionWindows windows, IReadOnlySet<string> ownOrderIds)
    {
        var conversions = new List<AttributedConversion>();
        foreach (var order in orders.DistinctBy(o => (o.Provider, o.OrderId)))
        {
            if (ownOrderIds.Contains(order.OrderId)) continue;
            var touch = touches
                .Where(t => t.At < order.PurchasedAt && order.PurchasedAt <= t.At + (t.IsClick ? windows.AfterClick : windows.AfterOpen))
                .OrderByDescending(t => t.IsClick)
                .ThenByDescending(t => t.At)
                .FirstOrDefault();
            if (touch is not null) conversions.Add(new AttributedConversion(order, touch));
        }

        return conversions;
    }
}
