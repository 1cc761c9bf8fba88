using System.Globalization;
using PostPurchase.Commerce.Catalog;
using PostPurchase.Server.Hosting;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Server.Catalog;

/// <summary>The product catalogue and the shop's facts (<c>Catalog</c> and <c>Store</c> in expressions) and the signed download links.</summary>
public static class CatalogSetup
{
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        var daysText = builder.Configuration["Catalog:DownloadLinkDays"];
        var days = 30;
        if (!string.IsNullOrWhiteSpace(daysText) && (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days < 1))
            throw new InvalidOperationException($"Setting 'Catalog__DownloadLinkDays' is '{daysText}'; it must be a whole number of days ≥ 1.");

        builder.Services.AddSingleton(sp =>
        {
            var path = builder.Configuration["Catalog:Path"] is { Length: > 0 } p
                ? Path.GetFullPath(p)
                : Path.Combine(sp.GetRequiredService<ServerSettings>().WorkflowsDirectory, "catalog.json");
            return new CatalogSettings(path, TimeSpan.FromDays(days));
        });
        builder.Services.AddSingleton(sp => ProductCatalog.Load(sp.GetRequiredService<CatalogSettings>().Path));
        builder.Services.AddSingleton<SignedDownloadLinks>();
        builder.Services.AddSingleton<IDownloadLinks>(sp => sp.GetRequiredService<SignedDownloadLinks>());
        builder.Services.AddSingleton<IExpressionGlobals, CatalogExpressionGlobals>();
        builder.Services.AddSingleton(StoreSettings.Read(builder.Configuration));
        builder.Services.AddSingleton<IExpressionGlobals, StoreExpressionGlobals>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/downloads/{token}", (string token, SignedDownloadLinks links, ProductCatalog catalog, TimeProvider clock) =>
        {
            if (links.Resolve(token, clock.GetUtcNow(), out var error) is not { } productId)
                return Results.Content(Page("This download link does not work", error), "text/html", statusCode: StatusCodes.Status404NotFound);
            if (catalog.FindById(productId) is not { DeliveryUrl: { } url })
                return Results.Content(Page("This download is no longer available", "Please reply to your order email and we will help."), "text/html", statusCode: StatusCodes.Status404NotFound);
            return Results.Redirect(url);
        });
        return app;
    }

    private static string Page(string title, string text) =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Enc(title)}</title></head><body><h1>{Enc(title)}</h1><p>{Enc(text)}</p></body></html>";

    private static string Enc(string text) => System.Net.WebUtility.HtmlEncode(text);
}
