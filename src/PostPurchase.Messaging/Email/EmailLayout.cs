using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// The shop's email layout: a Liquid file (<see cref="EmailLayoutSettings.Path"/>) that wraps every HTML email —
/// logo, brand colour, header, footer with the shop's name and postal address, unsubscribe and preference links.
/// The parsed template is cached and re-read when the file's time stamp or size changes. Every value the layout writes
/// is HTML-encoded except <c>{{ Body | raw }}</c>, the Markdown body already rendered (raw HTML in it is not passed
/// through). No file, or a layout that does not parse or render, gives the plain built-in layout
/// (<see cref="EmailComposer.Html"/>) and a logged warning instead of a failed send.
/// </summary>
/// <remarks>
/// Names the layout sees (case-insensitive): <c>Subject</c>, <c>Body</c>, <c>IsMarketing</c>, <c>UnsubscribeUrl</c>
/// (marketing mail only), <c>PreferencesUrl</c>, <c>OpenPixelUrl</c>, <c>Store.Name</c>, <c>Store.LegalName</c>,
/// <c>Store.PostalAddress</c> (one line), <c>Store.SupportEmail</c>, <c>Store.LogoUrl</c>, <c>Store.BrandColor</c>.
/// A layout that leaves out the open pixel, or the unsubscribe link and postal address of a marketing email, gets them
/// added before <c>&lt;/body&gt;</c>: tracking and the law do not depend on the shop's edits.
/// </remarks>
public sealed class EmailLayout(EmailLayoutSettings settings, SenderIdentity sender, ILogger<EmailLayout>? logger = null)
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ILogger _logger = logger ?? NullLogger<EmailLayout>.Instance;
    private readonly object _gate = new();
    private readonly TemplateOptions _options = new() { ModelNamesComparer = StringComparer.OrdinalIgnoreCase, MaxSteps = 100_000, MaxRecursion = 20 };
    private Loaded? _loaded;

    /// <summary>The file in use; null when emails use the plain layout.</summary>
    public string? Path => settings.Path;

    /// <summary>The HTML part of <paramref name="content"/>: through the layout, or the plain layout when it is missing or broken.</summary>
    public string Html(EmailContent content)
    {
        if (Current() is not { } template) return EmailComposer.Html(content);
        try
        {
            var context = new TemplateContext(Model(content), _options);
            return Ensured(template.Render(context, Encoder), content);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Email layout {Path} failed to render ({Error}); the plain layout is used", settings.Path, ex.Message);
            return EmailComposer.Html(content);
        }
    }

    private Dictionary<string, object?> Model(EmailContent content) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Subject"] = content.Subject,
        ["Body"] = EmailComposer.BodyHtml(content),
        ["IsMarketing"] = content.UnsubscribeUrl is not null,
        ["UnsubscribeUrl"] = content.UnsubscribeUrl,
        ["PreferencesUrl"] = content.PreferencesUrl ?? content.UnsubscribeUrl,
        ["OpenPixelUrl"] = content.OpenPixelUrl,
        ["Store"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Name"] = sender.StoreName,
            ["LegalName"] = sender.LegalName,
            ["PostalAddress"] = sender.PostalAddressLine,
            ["SupportEmail"] = sender.SupportEmail,
            ["LogoUrl"] = settings.LogoUrl,
            ["BrandColor"] = settings.BrandColor,
        },
    };

    /// <summary>Adds what the layout left out but the email needs: the open pixel, and for marketing mail the unsubscribe link and postal address.</summary>
    private static string Ensured(string html, EmailContent content)
    {
        var missing = "";
        if (content.UnsubscribeUrl is { } url && !Shows(html, url))
            missing += $"<p style=\"font-size:12px;color:#666666\">Don't want these emails? <a href=\"{WebUtility.HtmlEncode(url)}\">Unsubscribe</a>.</p>";
        if (content.SenderPostalLine is { } postal && !Shows(html, postal))
            missing += $"<p style=\"font-size:12px;color:#666666\">{WebUtility.HtmlEncode(postal)}</p>";
        if (content.OpenPixelUrl is { } src && !Shows(html, src))
            missing += $"<img src=\"{WebUtility.HtmlEncode(src)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">";
        if (missing.Length == 0) return html;
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + missing : html.Insert(end, missing);
    }

    /// <summary>
    /// Whether the rendered layout contains <paramref name="text"/>: as written, as the layout's own encoder writes it
    /// (which keeps letters such as ü), or as <see cref="WebUtility.HtmlEncode"/> writes it (which does not).
    /// </summary>
    private static bool Shows(string html, string text) =>
        html.Contains(text, StringComparison.Ordinal) || html.Contains(Encoder.Encode(text), StringComparison.Ordinal)
        || html.Contains(WebUtility.HtmlEncode(text), StringComparison.Ordinal);

    /// <summary>The parsed layout, re-read when the file changed; null when there is none or it does not parse.</summary>
    private IFluidTemplate? Current()
    {
        if (settings.Path is not { } path) return null;
        var file = new FileInfo(path);
        var stamp = file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1L);
        var loaded = Volatile.Read(ref _loaded);
        if (loaded is not null && loaded.Stamp == stamp) return loaded.Template;
        lock (_gate)
        {
            if (_loaded is { } again && again.Stamp == stamp) return again.Template;
            _loaded = Load(path, stamp);
            return _loaded.Template;
        }
    }

    private Loaded Load(string path, (DateTime, long) stamp)
    {
        if (stamp.Item2 < 0)
        {
            _logger.LogInformation("No email layout at {Path}; emails use the plain layout", path);
            return new Loaded(stamp, null);
        }

        try
        {
            var text = File.ReadAllText(path);
            if (Parser.TryParse(text, out var template, out var error))
            {
                _logger.LogInformation("Email layout {Path} loaded", path);
                return new Loaded(stamp, template);
            }

            _logger.LogWarning("Email layout {Path} does not parse ({Error}); emails use the plain layout until it is fixed", path, error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Email layout {Path} cannot be read ({Error}); emails use the plain layout", path, ex.Message);
        }

        return new Loaded(stamp, null);
    }

    private sealed record Loaded((DateTime, long) Stamp, IFluidTemplate? Template);
}
