using System.Globalization;
using System.Net;
using System.Text;
using PostPurchase.Server.Simulations;
using static System.FormattableString;

namespace PostPurchase.Server.Studio;

/// <summary>A journey the simulator can run, with its versions (number, published, latest).</summary>
public sealed record SimulatorJourney(string DefinitionId, string Name, IReadOnlyList<(int Version, bool Published, bool Latest)> Versions);

/// <summary>What the simulator form holds: journey, version (empty: the published one), sample key, provider, payload, days.</summary>
public sealed record SimulatorForm(string? DefinitionId, string? Version, string? Sample, string Provider, string Payload, int Days);

/// <summary>Everything one rendering of the simulator page shows.</summary>
public sealed record SimulatorView
{
    public required string User { get; init; }
    public required bool CanRun { get; init; }
    public required IReadOnlyList<SimulatorJourney> Journeys { get; init; }
    public required SimulatorForm Form { get; init; }
    public required IReadOnlyList<SimulationSample> Samples { get; init; }
    public required IReadOnlyList<TestRecipient> Recipients { get; init; }
    public SimulationReport? Report { get; init; }
    public IReadOnlyDictionary<string, string> StepNames { get; init; } = new Dictionary<string, string>();
    public string? Error { get; init; }
    public TestSendResult? Sent { get; init; }
}

/// <summary>
/// The simulator page (server-rendered; its only script is the external <c>simulator.js</c>): the form, then the
/// timeline by virtual day (<see cref="SimulatorTimeline"/>). Every value from a journey, a purchase or a user is
/// HTML-encoded; rendered emails sit in <c>&lt;iframe sandbox srcdoc&gt;</c> frames with scripts off.
/// </summary>
public static class SimulatorPage
{
    public static readonly string[] Providers = ["generic", "stripe", "shopify", "paypal", "purchase"];

    public static string Render(SimulatorView view, MessagePreviews previews)
    {
        var body = new StringBuilder()
            .Append(ChooseForm(view))
            .Append(RunForm(view));
        if (view.Sent is { } sent) body.Append(SentNotice(sent));
        if (view.Error is { } error) body.Append($"<p class=\"error\" role=\"alert\" id=\"simulation-error\">{Encode(error)}</p>");
        if (view.Report is { } report) body.Append(SimulatorTimeline.Render(report, view, previews));
        return Document(body.ToString(), view.User);
    }

    private static string ChooseForm(SimulatorView view)
    {
        var form = view.Form;
        var html = new StringBuilder("<form method=\"get\" action=\"/studio/simulator\" id=\"choose\" aria-label=\"Journey and sample\">");
        html.Append("<label>Journey <select name=\"definitionId\" class=\"autosubmit\">");
        foreach (var journey in view.Journeys)
            html.Append(Option(journey.DefinitionId, $"{journey.Name} ({journey.DefinitionId})", journey.DefinitionId == form.DefinitionId));
        html.Append("</select></label><label>Version <select name=\"version\" class=\"autosubmit\">");
        var selected = view.Journeys.FirstOrDefault(j => j.DefinitionId == form.DefinitionId);
        if (selected?.Versions.FirstOrDefault(v => v.Published) is { Version: > 0 } published)
            html.Append(Option("", $"Published (v{published.Version})", string.IsNullOrEmpty(form.Version)));
        foreach (var (version, isPublished, latest) in selected?.Versions.OrderByDescending(v => v.Version) ?? Enumerable.Empty<(int, bool, bool)>())
        {
            var label = $"v{version}" + (isPublished ? " (published)" : latest ? " (draft)" : "");
            html.Append(Option(version.ToString(CultureInfo.InvariantCulture), label, form.Version == version.ToString(CultureInfo.InvariantCulture)));
        }

        html.Append("</select></label><label>Sample purchase <select name=\"sample\" class=\"autosubmit\">");
        foreach (var sample in view.Samples) html.Append(Option(sample.Key, sample.Label, sample.Key == form.Sample));
        html.Append("</select></label><button type=\"submit\">Load</button></form>");
        return html.ToString();
    }

    private static string RunForm(SimulatorView view)
    {
        var html = new StringBuilder("<form method=\"post\" action=\"/studio/simulator\" id=\"run\" aria-label=\"Run the simulation\">");
        html.Append(HiddenRunFields(view.Form, includePayload: false));
        html.Append("<label class=\"wide\">Purchase (the webhook body, editable) <textarea name=\"payload\" rows=\"12\" spellcheck=\"false\">")
            .Append(Encode(view.Form.Payload)).Append("</textarea></label>");
        html.Append("<label>Format <select name=\"provider\">");
        foreach (var provider in Providers) html.Append(Option(provider, provider == "purchase" ? "purchase (normalised)" : provider, provider == view.Form.Provider));
        html.Append(Invariant($"</select></label><label>Days <input type=\"number\" name=\"days\" min=\"1\" max=\"400\" value=\"{view.Form.Days}\"></label>"));
        html.Append(view.CanRun
            ? "<button type=\"submit\" id=\"run-simulation\">Run simulation</button>"
            : "<button type=\"submit\" id=\"run-simulation\" disabled>Run simulation</button><p class=\"note\">Running a simulation needs the editor role.</p>");
        return html.Append("</form>").ToString();
    }

    /// <summary>The run's inputs as hidden fields (the run form carries the payload in its text area).</summary>
    public static string HiddenRunFields(SimulatorForm form, bool includePayload)
    {
        var html = new StringBuilder()
            .Append(Hidden("definitionId", form.DefinitionId))
            .Append(Hidden("version", form.Version))
            .Append(Hidden("sample", form.Sample));
        if (includePayload)
            html.Append(Hidden("payload", form.Payload)).Append(Hidden("provider", form.Provider)).Append(Hidden("days", form.Days.ToString(CultureInfo.InvariantCulture)));
        return html.ToString();
    }

    private static string SentNotice(TestSendResult sent) => sent.Status == "sent"
        ? $"<p class=\"ok\" role=\"status\" id=\"test-sent\">Test {Encode(sent.Channel)} sent to {Encode(sent.To)}{(sent.Channel == "email" ? ": " + Encode(sent.Subject) : "")}.</p>"
        : $"<p class=\"error\" role=\"alert\" id=\"test-sent\">The test {Encode(sent.Channel)} to {Encode(sent.To)} failed: {Encode(sent.Detail)}</p>";

    public static string Option(string value, string text, bool selected) =>
        $"<option value=\"{Encode(value)}\"{(selected ? " selected" : "")}>{Encode(text)}</option>";

    private static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{Encode(value)}\">";

    private static string Document(string body, string user) => Security.StaffPage.Document("Simulator",
        $"""
        <h1>Simulator</h1>
        <p class="intro">Plays a journey for one purchase on a virtual clock: every rule is applied as in production, nothing is sent and nothing is stored.</p>
        {body}
        """,
        headHtml: """
        <link rel="stylesheet" href="/studio/simulator/simulator.css">
        <script src="/studio/simulator/simulator.js" defer></script>
        """,
        navCurrent: "pp-nav-simulator", user: user);

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
