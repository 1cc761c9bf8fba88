using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Security;
using PostPurchase.Server.Simulations;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Studio;

/// <summary>
/// The simulator page at <c>/studio/simulator</c> (Studio sign-in; viewers may look, editors run and send tests):
/// <c>GET</c> shows the form for a journey, version and sample; <c>POST</c> runs it; <c>POST /studio/simulator/test-send</c>
/// sends one rendered message to the user (<see cref="TestSends"/>). <c>GET /api/simulations/samples?definitionId=</c>
/// lists the samples as JSON (masked recent purchases included).
/// </summary>
public static class SimulatorEndpoints
{
    /// <summary>
    /// The page's own policy: stricter than the Studio's for scripts (only our file, no nonce, no WebAssembly); images may
    /// come from https so a previewed email shows the shop's logo as mail clients would. The email frames are
    /// <c>srcdoc</c> documents, which inherit this policy and need no <c>frame-src</c>; nothing of ours may be framed.
    /// </summary>
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Assets = new[]
    {
        ("simulator.css", "text/css; charset=utf-8"),
        ("simulator.js", "text/javascript; charset=utf-8"),
    }.ToDictionary(f => f.Item1, f => (f.Item2, Read(f.Item1)), StringComparer.Ordinal);

    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SimulationSamples>();
        builder.Services.AddSingleton<MessagePreviews>();
        builder.Services.AddSingleton<TestRecipients>();
        builder.Services.AddSingleton(_ => new TestSendLimiter(TimeProvider.System)); // an hour of real time, whatever Clock__Speed
        builder.Services.AddSingleton<TestSends>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(StudioNav.SimulatorPath).RequireAuthorization(AuthSchemes.StudioPagesPolicy);
        pages.MapGet("", PageAsync);
        pages.MapPost("", RunAsync).DisableAntiforgery();
        pages.MapPost("/test-send", TestSendAsync).DisableAntiforgery();

        // The page's own stylesheet and script carry no data.
        app.MapGet(StudioNav.SimulatorPath + "/{file:regex(^simulator\\.(css|js)$)}", (HttpContext http, string file) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(Assets[file].Bytes, Assets[file].ContentType);
        });

        app.MapGet("/api/simulations/samples", async (string? definitionId, SimulationSamples samples, CancellationToken ct) =>
            Results.Ok((await samples.ListAsync(definitionId, ct)).Select(s => new { key = s.Key, label = s.Label, provider = s.Provider, payload = s.Payload })))
            .RequireAuthorization(AuthSchemes.ElsaApiPolicy);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, string? definitionId, string? version, string? sample, CancellationToken ct)
    {
        var view = await ViewAsync(http, definitionId, version, sample, ct);
        return Html(http, view);
    }

    private static async Task<IResult> RunAsync(HttpContext http, CancellationToken ct)
    {
        var (view, request) = await FromPostAsync(http, ct);
        if (request is null) return Html(http, view, StatusCodes.Status400BadRequest);
        try
        {
            var report = await http.RequestServices.GetRequiredService<JourneySimulator>().RunAsync(request, ct);
            AuditRecorder.Describe(http, "simulation.run", report.DefinitionId, report.Version);
            return Html(http, await WithReportAsync(http, view, report, ct));
        }
        catch (SimulationException ex)
        {
            return Html(http, view with { Error = ex.Message }, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> TestSendAsync(HttpContext http, CancellationToken ct)
    {
        var (view, request) = await FromPostAsync(http, ct);
        if (request is null) return Html(http, view, StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(ct);
        if (!int.TryParse(form["message"], NumberStyles.None, CultureInfo.InvariantCulture, out var message))
            return Html(http, view with { Error = "message must be the number of a message in the timeline." }, StatusCodes.Status400BadRequest);
        try
        {
            var (result, report) = await http.RequestServices.GetRequiredService<TestSends>().SendAsync(view.User, request, message, form["to"], ct);
            AuditRecorder.Describe(http, "simulation.test-send", report.DefinitionId, report.Version,
                $"{result.Channel} {result.Status} to {Addresses.Mask(result.To)}, step {result.ActivityId}");
            return Html(http, await WithReportAsync(http, view with { Sent = result }, report, ct));
        }
        catch (TestSendException ex)
        {
            if (ex.RetryAfter is { } wait) ApiKeyThrottle.SetRetryAfter(http.Response, wait);
            return Html(http, await WithTimelineAsync(http, view with { Error = ex.Message }, request, ct), ex.StatusCode);
        }
        catch (SimulationException ex)
        {
            return Html(http, view with { Error = ex.Message }, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The view for a posted form, and the simulation request it asks for (null when the form is not valid; the view says why).</summary>
    private static async Task<(SimulatorView View, SimulationRequest? Request)> FromPostAsync(HttpContext http, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var view = await ViewAsync(http, form["definitionId"], form["version"], form["sample"], ct);
        var provider = form["provider"].ToString() is { Length: > 0 } p ? p : view.Form.Provider;
        var days = int.TryParse(form["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 60;
        var payloadText = form["payload"].ToString();
        view = view with { Form = view.Form with { Provider = provider, Payload = payloadText, Days = days } };
        JsonObject? payload;
        try
        {
            payload = JsonNode.Parse(payloadText) as JsonObject;
        }
        catch (JsonException ex)
        {
            return (view with { Error = "The purchase is not valid JSON: " + ex.Message }, null);
        }

        if (payload is null) return (view with { Error = "The purchase must be a JSON object." }, null);
        if (view.Form.DefinitionId is null) return (view with { Error = "There is no journey to simulate." }, null);
        var journey = view.Journeys.First(j => j.DefinitionId == view.Form.DefinitionId);
        int? version = int.TryParse(view.Form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : journey.Versions.Any(x => x.Published) ? null : journey.Versions.Max(x => x.Version);
        return (view, new SimulationRequest { DefinitionId = journey.DefinitionId, Version = version, Provider = provider, Payload = payload, Days = days });
    }

    private static async Task<SimulatorView> ViewAsync(HttpContext http, string? definitionId, string? version, string? sampleKey, CancellationToken ct)
    {
        var services = http.RequestServices;
        var definitions = await services.GetRequiredService<IWorkflowDefinitionStore>().ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.All }, ct);
        var journeys = definitions.GroupBy(d => d.DefinitionId, StringComparer.Ordinal)
            .Select(g => new SimulatorJourney(g.Key, g.OrderByDescending(d => d.Version).First().Name, g.Select(d => (d.Version, d.IsPublished, d.IsLatest)).ToList()))
            .OrderBy(j => j.Name, StringComparer.OrdinalIgnoreCase).ThenBy(j => j.DefinitionId, StringComparer.Ordinal).ToList();
        var chosen = journeys.FirstOrDefault(j => j.DefinitionId == definitionId) ?? journeys.FirstOrDefault(j => j.DefinitionId == "post-purchase") ?? journeys.FirstOrDefault();
        if (chosen is null || !int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || chosen.Versions.All(x => x.Version != number)) version = "";

        var samples = await services.GetRequiredService<SimulationSamples>().ListAsync(chosen?.DefinitionId, ct);
        var sample = samples.FirstOrDefault(s => s.Key == sampleKey) ?? samples.FirstOrDefault(s => s.Key == "file:purchase.json") ?? samples.FirstOrDefault();
        var user = http.User.Identity?.Name ?? "";
        return new SimulatorView
        {
            User = user,
            CanRun = StudioRoles.Allows(http.User, StudioRoles.Editor),
            Journeys = journeys,
            Form = new SimulatorForm(chosen?.DefinitionId, version, sample?.Key, sample?.Provider ?? "generic",
                sample is null ? "{}" : sample.Payload.ToJsonString(Indented), 60),
            Samples = samples,
            Recipients = services.GetRequiredService<TestRecipients>().For(user),
        };
    }

    /// <summary>The page as it was, timeline included, when a test send is refused (the simulation itself may fail too).</summary>
    private static async Task<SimulatorView> WithTimelineAsync(HttpContext http, SimulatorView view, SimulationRequest request, CancellationToken ct)
    {
        try
        {
            return await WithReportAsync(http, view, await http.RequestServices.GetRequiredService<JourneySimulator>().RunAsync(request, ct), ct);
        }
        catch (SimulationException)
        {
            return view;
        }
    }

    /// <summary>Adds the report and the display names of its definition version's steps.</summary>
    private static async Task<SimulatorView> WithReportAsync(HttpContext http, SimulatorView view, SimulationReport report, CancellationToken ct)
    {
        var definition = await http.RequestServices.GetRequiredService<IWorkflowDefinitionStore>()
            .FindAsync(report.DefinitionId, VersionOptions.SpecificVersion(report.Version), ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (definition is not null) CollectNames(definition.ToElsaJson(), names);
        return view with { Report = report, StepNames = names };
    }

    /// <summary>Every activity's display text (designer metadata), else its name, by id, in any container.</summary>
    private static void CollectNames(JsonNode? node, Dictionary<string, string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["id"]?.GetValueKind() == JsonValueKind.String && obj["type"]?.GetValueKind() == JsonValueKind.String)
                {
                    var text = obj["metadata"]?["displayText"] ?? obj["name"];
                    if (text?.GetValueKind() == JsonValueKind.String && text.GetValue<string>() is { Length: > 0 } name)
                        names.TryAdd(obj["id"]!.GetValue<string>(), name);
                }

                foreach (var (_, child) in obj) CollectNames(child, names);
                break;
            case JsonArray array:
                foreach (var child in array) CollectNames(child, names);
                break;
        }
    }

    private static IResult Html(HttpContext http, SimulatorView view, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.CacheControl = "no-store";
        SecurityHeaders.UsePolicy(http, Policy);
        var html = SimulatorPage.Render(view, http.RequestServices.GetRequiredService<MessagePreviews>());
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PostPurchase.Server.Studio." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
