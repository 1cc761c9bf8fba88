using System.Text.Json;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows;

namespace PostPurchase.Commerce.Catalog;

/// <summary>
/// The product catalogue read from a JSON file that marketers edit without code. The file is re-read when it changes;
/// an invalid edit is refused with a clear error and the last good catalogue stays in use.
/// </summary>
public sealed class ProductCatalog
{
    private static readonly CatalogProduct BuiltInDefault = new()
    {
        Id = "default",
        Name = "your order",
        DeliveryText = "We are preparing your order and will be in touch about next steps shortly.",
        OnboardingTips = "Reply to this email any time if you have a question: a real person reads it.",
    };

    private readonly string? _path;
    private readonly Lock _lock = new();
    private DateTime _loadedWriteTime;
    private CatalogDocument _document;
    /// <summary>How often the file's time is looked at: a template asks for the catalogue many times per message.</summary>
    private const long CheckIntervalMs = 1000;

    // Due at once (a start of long.MinValue would overflow the subtraction below and never come due).
    private long _checkedAt = Environment.TickCount64 - CheckIntervalMs;

    private ProductCatalog(string? path, CatalogDocument document, DateTime loadedWriteTime)
    {
        _path = path;
        _document = document;
        _loadedWriteTime = loadedWriteTime;
    }

    /// <summary>Loads the file; a missing file gives an empty catalogue (generic copy), an invalid one throws.</summary>
    public static ProductCatalog Load(string path)
    {
        if (!File.Exists(path)) return new ProductCatalog(path, new CatalogDocument(), default);
        return new ProductCatalog(path, Parse(File.ReadAllText(path), path), File.GetLastWriteTimeUtc(path));
    }

    public static ProductCatalog FromDocument(CatalogDocument document) => new(null, Validate(document, "catalogue"), default);

    public CatalogProduct Default => Current.Default ?? BuiltInDefault;

    public IReadOnlyList<CatalogProduct> Products => Current.Products;

    public CatalogProduct? FindById(string id) => Current.Products.FirstOrDefault(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The product an order line is for, matched on any of its identifiers; null when the catalogue does not know it.</summary>
    public CatalogProduct? Find(PurchaseItem item)
    {
        string?[] ids = [item.Sku, item.PriceId, item.VariantId, item.ProductId];
        return Current.Products.FirstOrDefault(p => p.Matches.Any(m => ids.Any(id => id is not null && id.Equals(m, StringComparison.OrdinalIgnoreCase))));
    }

    private CatalogDocument Current
    {
        get
        {
            if (_path is null) return _document;
            var now = Environment.TickCount64;
            if (now - Volatile.Read(ref _checkedAt) < CheckIntervalMs) return _document;
            Volatile.Write(ref _checkedAt, now);
            if (!File.Exists(_path)) return _document;
            var written = File.GetLastWriteTimeUtc(_path);
            if (written == _loadedWriteTime) return _document;
            lock (_lock)
            {
                if (written == _loadedWriteTime) return _document;
                _loadedWriteTime = written;
                try
                {
                    _document = Parse(File.ReadAllText(_path), _path);
                }
                catch (InvalidDataException)
                {
                    // Keep serving the last good catalogue; the start-up check and the simulator report the error.
                }

                return _document;
            }
        }
    }

    private static CatalogDocument Parse(string json, string source)
    {
        CatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogDocument>(json, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The product catalogue {source} is not valid: {ex.Message}", ex);
        }

        return Validate(document ?? throw new InvalidDataException($"The product catalogue {source} is empty."), source);
    }

    private static CatalogDocument Validate(CatalogDocument document, string source)
    {
        var problems = new List<string>();
        foreach (var product in document.Products)
        {
            if (string.IsNullOrWhiteSpace(product.Id) || string.IsNullOrWhiteSpace(product.Name)) problems.Add("every product needs an id and a name");
            if (product.Kind == ProductKind.Physical && product.ExpectedDeliveryDays is null or < 0)
                problems.Add($"'{product.Id}' is physical but has no expectedDeliveryDays");
            foreach (var url in new[] { product.DeliveryUrl, product.ProductUrl, product.ReviewUrl })
                if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _)) problems.Add($"'{product.Id}': '{url}' is not an absolute URL");
            if (product.CrossSell is { } crossSell && !document.Products.Any(p => p.Id.Equals(crossSell, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"'{product.Id}' cross-sells '{crossSell}', which is not in the catalogue");
        }

        foreach (var duplicate in document.Products.GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"the id '{duplicate.Key}' is used twice");
        if (problems.Count > 0) throw new InvalidDataException($"The product catalogue {source} is not valid: {string.Join("; ", problems)}.");
        return document;
    }
}
