using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// The shop's email layout: the Liquid file every HTML email goes through (<c>Email__LayoutPath</c>, default
/// <c>{Workflows__Directory}/email-layout.liquid</c>), the logo (<c>Store__LogoUrl</c>) and brand colour
/// (<c>Store__BrandColor</c>) it shows.
/// </summary>
public sealed partial record EmailLayoutSettings
{
    public const string DefaultBrandColor = "#2f5d8a";

    /// <summary>The layout file; null: every email uses the plain built-in layout.</summary>
    public string? Path { get; init; }

    /// <summary>An absolute http(s) URL of the logo image, or null (the shop's name is shown instead).</summary>
    public string? LogoUrl { get; init; }

    /// <summary>A CSS hex colour (#rgb or #rrggbb) for the header band and buttons.</summary>
    public string BrandColor { get; init; } = DefaultBrandColor;

    /// <exception cref="InvalidOperationException">A malformed Store__LogoUrl or Store__BrandColor (stops start-up).</exception>
    public static EmailLayoutSettings Read(IConfiguration configuration, string workflowsDirectory)
    {
        var path = MessagingSettings.Text(configuration, "Email:LayoutPath") ?? System.IO.Path.Combine(workflowsDirectory, "email-layout.liquid");
        var logo = MessagingSettings.Text(configuration, "Store:LogoUrl");
        if (logo is not null && !(Uri.TryCreate(logo, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new InvalidOperationException($"Setting 'Store__LogoUrl' is '{logo}'; it must be an absolute http(s) URL of an image.");
        var color = MessagingSettings.Text(configuration, "Store:BrandColor") ?? DefaultBrandColor;
        if (!HexColor().IsMatch(color))
            throw new InvalidOperationException($"Setting 'Store__BrandColor' is '{color}'; use a hex colour such as #2f5d8a.");
        return new EmailLayoutSettings { Path = System.IO.Path.GetFullPath(path), LogoUrl = logo, BrandColor = color };
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
