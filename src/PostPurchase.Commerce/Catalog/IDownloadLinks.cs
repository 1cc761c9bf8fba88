namespace PostPurchase.Commerce.Catalog;

/// <summary>Signed, expiring links to a digital product's delivery address, served (and checked) by our server.</summary>
public interface IDownloadLinks
{
    string LinkFor(string productId, string orderId, DateTimeOffset expiresAt);
}
