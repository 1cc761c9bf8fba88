using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Email;

namespace PostPurchase.Messaging.Tests;

/// <summary>The shop's email layout: values encoded, the file re-read when it changes, a broken layout falls back with a warning.</summary>
public sealed class EmailLayoutTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pp-layout-").FullName;
    private readonly WarningLog _log = new();

    private static readonly SenderIdentity Sender = new() { StoreName = "Acme Photo", LegalName = "Acme Photo Ltd", PostalAddress = "1 Main St\nSpringfield" };

    private static readonly EmailContent Marketing = new("Shop <shop@acme.test>", "ada@example.com", null, "Hello <Ada>", "Hi **Ada** <script>x</script>",
        "id@acme.test", "https://acme.test/unsubscribe/tok")
    {
        SenderPostalLine = Sender.PostalLine, PreferencesUrl = "https://acme.test/unsubscribe/tok", OpenPixelUrl = "https://acme.test/o/p.gif",
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string LayoutFile => Path.Combine(_directory, "email-layout.liquid");

    private EmailLayout Layout(string? logo = "https://acme.test/logo.png") =>
        new(new EmailLayoutSettings { Path = LayoutFile, LogoUrl = logo, BrandColor = "#123456" }, Sender, _log);

    [Fact]
    public void The_shipped_layout_wraps_the_body_with_logo_colour_footer_links_and_encodes_every_value()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "workflows", "email-layout.liquid"), LayoutFile);

        var html = Layout().Html(Marketing);

        Assert.Contains("<img src=\"https://acme.test/logo.png\" alt=\"Acme Photo\"", html);
        Assert.Contains("background-color:#123456", html);
        Assert.Contains("<strong>Ada</strong>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<title>Hello &lt;Ada&gt;</title>", html);
        Assert.Contains("Acme Photo Ltd, 1 Main St, Springfield", html);
        Assert.Contains("href=\"https://acme.test/unsubscribe/tok\"", html);
        Assert.Equal(1, Count(html, "https://acme.test/o/p.gif")); // the layout placed the pixel, nothing added twice
        Assert.Empty(_log.Warnings);
        Assert.DoesNotContain("<table", EmailComposer.PlainText(Marketing)); // the text part keeps its own footer, no layout
        Assert.Contains("Unsubscribe: https://acme.test/unsubscribe/tok", EmailComposer.PlainText(Marketing));
    }

    [Fact]
    public void A_postal_address_with_accents_and_apostrophes_is_shown_once()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "workflows", "email-layout.liquid"), LayoutFile);
        var sender = new SenderIdentity { StoreName = "O'Reilly Foto", LegalName = "O'Reilly Foto GmbH", PostalAddress = "Bahnhofstraße 1\n8001 Zürich" };
        var layout = new EmailLayout(new EmailLayoutSettings { Path = LayoutFile }, sender, _log);

        var html = layout.Html(Marketing with { SenderPostalLine = sender.PostalLine });

        // The layout writes the footer with its own encoder; the check for a missing postal line must recognise it.
        Assert.Equal(1, Count(html, "8001 Zürich"));
        Assert.DoesNotContain("Z&#252;rich", html);
    }

    [Fact]
    public void A_changed_layout_file_is_picked_up_without_a_restart()
    {
        var layout = Layout();
        File.WriteAllText(LayoutFile, "<html><body>first {{ Body | raw }}</body></html>");
        Assert.Contains("first <p>Hi", layout.Html(Marketing));

        File.WriteAllText(LayoutFile, "<html><body>second version {{ Store.Name }} {{ Body | raw }}</body></html>");
        File.SetLastWriteTimeUtc(LayoutFile, DateTime.UtcNow.AddSeconds(5)); // a coarse file system clock must not hide the change

        var html = layout.Html(Marketing);
        Assert.Contains("second version Acme Photo <p>Hi", html);
        // A layout without the legal footer and pixel still gets them for marketing mail.
        Assert.Contains("https://acme.test/unsubscribe/tok", html);
        Assert.Contains("Acme Photo Ltd, 1 Main St, Springfield", html);
        Assert.Contains("https://acme.test/o/p.gif", html);
    }

    [Fact]
    public void A_layout_that_does_not_parse_or_render_falls_back_to_the_plain_layout_with_a_warning()
    {
        var layout = Layout();
        File.WriteAllText(LayoutFile, "<html>{% if %}broken</html>");
        Assert.Equal(EmailComposer.Html(Marketing), layout.Html(Marketing));
        Assert.Contains(_log.Warnings, w => w.Contains("does not parse"));

        File.WriteAllText(LayoutFile, "<html>{% for i in (1..1000000) %}{{ i }}{% endfor %}</html>");
        File.SetLastWriteTimeUtc(LayoutFile, DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(EmailComposer.Html(Marketing), layout.Html(Marketing));
        Assert.Contains(_log.Warnings, w => w.Contains("failed to render"));
    }

    [Fact]
    public void Without_a_layout_file_emails_use_the_plain_layout()
    {
        Assert.Equal(EmailComposer.Html(Marketing), Layout().Html(Marketing));
        Assert.Empty(_log.Warnings);
    }

    private static int Count(string text, string value) => (text.Length - text.Replace(value, "").Length) / value.Length;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PostPurchase.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private sealed class WarningLog : ILogger<EmailLayout>
    {
        public List<string> Warnings { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) Warnings.Add(formatter(state, exception));
        }
    }
}
