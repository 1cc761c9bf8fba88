using System.Text;
using System.Text.Json.Nodes;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>
/// Shopify webhook bodies written for our tests, following Shopify's REST Admin API Order and Refund resources
/// (API version 2025-07) as the <c>orders/create</c>, <c>orders/paid</c>, <c>orders/cancelled</c> and
/// <c>refunds/create</c> webhook topics send them: money as decimal strings in the shop currency, numeric ids,
/// <c>customer</c> with <c>email_marketing_consent</c>/<c>sms_marketing_consent</c> states, addresses with
/// <c>first_name</c>/<c>last_name</c>/<c>name</c>. Ids and values are ours.
/// </summary>
public static class ShopifyWebhooks
{
    public const long OrderId = 820982911946154508;
    public const long CustomerId = 115310627314723954;
    public const string Email = "katherine.johnson@example.com";

    /// <summary>
    /// A paid order of two lines: "Field notebook" (SKU NOTE-A5, 2 × 14.50) and "Brass pen" (SKU PEN-BRASS, 1 × 38.00),
    /// 7.00 shipping, total 74.00 in <paramref name="currency"/>, customer Katherine Johnson, consent not subscribed;
    /// the order's phone (+1 757 555 0199) differs from the customer's (+17575550142).
    /// </summary>
    public static JsonObject Order(string currency = "USD") => new()
    {
        ["id"] = OrderId,
        ["admin_graphql_api_id"] = $"gid://shopify/Order/{OrderId}",
        ["buyer_accepts_marketing"] = false,
        ["cancel_reason"] = null,
        ["cancelled_at"] = null,
        ["contact_email"] = Email,
        ["created_at"] = "2025-07-14T09:12:41-04:00",
        ["currency"] = currency,
        ["customer_locale"] = "en",
        ["email"] = Email,
        ["financial_status"] = "paid",
        ["fulfillment_status"] = null,
        ["name"] = "#1042",
        ["order_number"] = 1042,
        ["phone"] = "+1 757 555 0199",
        ["presentment_currency"] = currency,
        ["processed_at"] = "2025-07-14T09:12:40-04:00",
        ["subtotal_price"] = "67.00",
        ["total_discounts"] = "0.00",
        ["total_line_items_price"] = "67.00",
        ["total_price"] = "74.00",
        ["total_tax"] = "0.00",
        ["billing_address"] = Address(),
        ["shipping_address"] = Address(),
        ["customer"] = new JsonObject
        {
            ["id"] = CustomerId,
            ["email"] = Email,
            ["first_name"] = "Katherine",
            ["last_name"] = "Johnson",
            ["phone"] = "+17575550142",
            ["state"] = "enabled",
            ["currency"] = currency,
            ["email_marketing_consent"] = new JsonObject { ["state"] = "not_subscribed", ["opt_in_level"] = "single_opt_in", ["consent_updated_at"] = null },
            ["sms_marketing_consent"] = new JsonObject { ["state"] = "not_subscribed", ["opt_in_level"] = "single_opt_in", ["consent_updated_at"] = null, ["consent_collected_from"] = "OTHER" },
            ["admin_graphql_api_id"] = $"gid://shopify/Customer/{CustomerId}",
        },
        ["line_items"] = new JsonArray(
            Line(466157001, "Field notebook - A5", "Field notebook", "NOTE-A5", 2, "14.50", 7513594001, 4926364001, currency),
            Line(466157002, "Brass pen", "Brass pen", "PEN-BRASS", 1, "38.00", 7513594002, 4926364002, currency)),
        ["shipping_lines"] = new JsonArray(new JsonObject { ["code"] = "Standard", ["price"] = "7.00", ["title"] = "Standard" }),
        ["refunds"] = new JsonArray(),
    };

    private static JsonObject Address() => new()
    {
        ["first_name"] = "Katherine", ["last_name"] = "Johnson", ["name"] = "Katherine Johnson", ["company"] = null,
        ["address1"] = "1 Langley Blvd", ["address2"] = "", ["city"] = "Hampton", ["province"] = "Virginia", ["province_code"] = "VA",
        ["country"] = "United States", ["country_code"] = "US", ["zip"] = "23681", ["phone"] = "+1 757 555 0142",
    };

    private static JsonObject Line(long id, string name, string title, string sku, int quantity, string price, long productId, long variantId, string currency) => new()
    {
        ["id"] = id,
        ["admin_graphql_api_id"] = $"gid://shopify/LineItem/{id}",
        ["fulfillable_quantity"] = quantity,
        ["gift_card"] = false,
        ["name"] = name,
        ["price"] = price,
        ["price_set"] = new JsonObject
        {
            ["shop_money"] = new JsonObject { ["amount"] = price, ["currency_code"] = currency },
            ["presentment_money"] = new JsonObject { ["amount"] = price, ["currency_code"] = currency },
        },
        ["product_exists"] = true,
        ["product_id"] = productId,
        ["quantity"] = quantity,
        ["requires_shipping"] = true,
        ["sku"] = sku,
        ["taxable"] = true,
        ["title"] = title,
        ["total_discount"] = "0.00",
        ["variant_id"] = variantId,
        ["variant_title"] = null,
        ["vendor"] = "Langley Paper Co.",
    };

    /// <summary>A <c>refunds/create</c> body: a Refund of the order's first line.</summary>
    public static JsonObject Refund() => new()
    {
        ["id"] = 929361462,
        ["order_id"] = OrderId,
        ["created_at"] = "2025-07-20T10:00:00-04:00",
        ["note"] = "arrived bent",
        ["restock"] = true,
        ["admin_graphql_api_id"] = "gid://shopify/Refund/929361462",
        ["refund_line_items"] = new JsonArray(new JsonObject
        {
            ["id"] = 104689001, ["line_item_id"] = 466157001, ["quantity"] = 1, ["restock_type"] = "return", ["subtotal"] = 14.5, ["total_tax"] = 0.0,
        }),
        ["transactions"] = new JsonArray(new JsonObject
        {
            ["id"] = 179259001, ["order_id"] = OrderId, ["kind"] = "refund", ["gateway"] = "bogus", ["status"] = "success", ["amount"] = "14.50", ["currency"] = "USD",
        }),
    };

    /// <summary>A <c>products/create</c> body (a topic we do not act on).</summary>
    public static JsonObject Product() => new()
    {
        ["id"] = 7513594003, ["title"] = "Pocket ruler", ["status"] = "active", ["vendor"] = "Langley Paper Co.",
    };

    public static byte[] Bytes(JsonNode body) => Encoding.UTF8.GetBytes(body.ToJsonString());
}
