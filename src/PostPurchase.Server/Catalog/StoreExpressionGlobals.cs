using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Server.Catalog;

/// <summary>
/// The shop's own facts for every expression, as <c>Store</c>: <c>Store.Name</c> (<c>Store__Name</c>),
/// <c>Store.SupportEmail</c> (<c>Support__Email</c>) and <c>Store.DiscountCode</c> (<c>Offers__DiscountCode</c>).
/// </summary>
public sealed class StoreExpressionGlobals(StoreSettings settings) : IExpressionGlobals
{
    public void Contribute(ExpressionScope scope) => scope.Globals["Store"] = new JsonObject
    {
        ["name"] = settings.Name,
        ["supportEmail"] = settings.SupportEmail,
        ["discountCode"] = settings.DiscountCode,
    };
}

public sealed record StoreSettings(string Name, string SupportEmail, string DiscountCode)
{
    public static StoreSettings Read(IConfiguration configuration)
    {
        var support = configuration["Support:Email"] is { Length: > 0 } s ? s.Trim() : "support@localhost";
        if (!System.Net.Mail.MailAddress.TryCreate(support, out _))
            throw new InvalidOperationException($"Setting 'Support__Email' is '{support}'; it must be an email address.");
        return new StoreSettings(
            configuration["Store:Name"] is { Length: > 0 } n ? n.Trim() : "Our shop",
            support,
            configuration["Offers:DiscountCode"] is { Length: > 0 } d ? d.Trim() : "THANKYOU10");
    }
}
