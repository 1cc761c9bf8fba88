using System.Diagnostics;
using PostPurchase.Commerce.Catalog;

namespace PostPurchase.Commerce.Tests.Catalog;

/// <summary>The catalogue file is re-read after an edit (checked at most once a second), and a broken edit keeps the last good one.</summary>
public sealed class ProductCatalogTests
{
    private static string Product(string id) => $$"""{ "id": "{{id}}", "name": "Product {{id}}", "kind": "digital" }""";

    private static void Write(string path, string json, int secondsAhead)
    {
        File.WriteAllText(path, json);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(secondsAhead)); // a coarse file system clock must not hide the edit
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false after 10 s.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(100))
            if (condition()) return true;
        return condition();
    }

    [Fact]
    public async Task An_edited_catalogue_is_picked_up_and_a_broken_edit_keeps_the_last_good_one()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pp-catalog-").FullName, "catalog.json");
        Write(path, $$"""{ "products": [ {{Product("a")}} ] }""", 0);
        var catalog = ProductCatalog.Load(path);
        Assert.NotNull(catalog.FindById("a"));
        Assert.Null(catalog.FindById("b"));

        Write(path, $$"""{ "products": [ {{Product("a")}}, {{Product("b")}} ] }""", 5);
        Assert.True(await EventuallyAsync(() => catalog.FindById("b") is not null), "the edited catalogue was not re-read");

        Write(path, "{ \"products\": [ { \"id\": ", 10);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past one check interval, so the broken file is looked at
        Assert.Equal(["a", "b"], catalog.Products.Select(p => p.Id));
    }
}
