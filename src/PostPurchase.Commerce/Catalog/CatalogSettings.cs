namespace PostPurchase.Commerce.Catalog;

/// <summary>Settings <c>Catalog__Path</c> (default: catalog.json in the workflows folder) and <c>Catalog__DownloadLinkDays</c>.</summary>
public sealed record CatalogSettings(string Path, TimeSpan DownloadLinkLifetime);
