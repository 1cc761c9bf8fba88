using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Server.Hosting;
using PostPurchase.Workflows;

namespace PostPurchase.Server.Simulations;

/// <summary>
/// <c>dotnet run --project src/PostPurchase.Server -- simulate samples/purchase.json [--provider stripe] [--definition id]
/// [--version n] [--days n] [--json]</c>: prepares the database and workflows like the server, then prints the journey's
/// simulated steps without serving HTTP or sending anything.
/// </summary>
public static class SimulateCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var file = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(args, a));
        if (file is not null && !File.Exists(file) && Environment.GetEnvironmentVariable("PWD") is { } pwd && File.Exists(Path.Combine(pwd, file))) file = Path.Combine(pwd, file);
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine($"simulate: give a purchase webhook body file (e.g. samples/purchase.json){(file is null ? "" : $"; '{file}' does not exist in {Directory.GetCurrentDirectory()}")}.");
            return 2;
        }

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(await File.ReadAllTextAsync(file)) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException ex)
        {
            Console.Error.WriteLine($"simulate: {file} is not valid JSON: {ex.Message}");
            return 2;
        }

        var request = new SimulationRequest
        {
            Payload = payload,
            Provider = Option("--provider") ?? GuessProvider(payload),
            Topic = Option("--topic"),
            DefinitionId = Option("--definition") ?? "post-purchase",
            Version = int.TryParse(Option("--version"), out var version) ? version : null,
            Days = int.TryParse(Option("--days"), out var days) ? days : 60,
        };

        await app.Services.GetRequiredService<StartupInitializer>().StartingAsync(CancellationToken.None);
        SimulationReport report;
        try
        {
            report = await app.Services.GetRequiredService<JourneySimulator>().RunAsync(request);
        }
        catch (SimulationException ex)
        {
            Console.Error.WriteLine($"simulate: {ex.Message}");
            return 2;
        }

        if (args.Contains("--json")) Console.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Options));
        else Print(report);
        return 0;
    }

    private static bool IsOptionValue(string[] args, string value)
    {
        var index = Array.IndexOf(args, value);
        return index > 0 && args[index - 1].StartsWith("--", StringComparison.Ordinal) && args[index - 1] != "--json";
    }

    private static string GuessProvider(JsonObject payload) =>
        payload["object"]?.ToString() == "event" ? "stripe" : payload["event_type"] is not null ? "paypal" : "generic";

    private static void Print(SimulationReport report)
    {
        Console.WriteLine($"{report.DefinitionId} v{report.Version}, order {report.OrderId}: {report.Status} ({report.Steps.Count} steps, {report.ElapsedMilliseconds} ms)");
        foreach (var step in report.Steps)
        {
            var day = $"day {step.Day,6:0.00}";
            if (step.Kind == "message")
                Console.WriteLine($"{day}  {step.Status,-10} {step.Channel} ({step.Category}) to {step.To}: {step.Subject ?? Shorten(step.Body)}  [{step.Rule}]");
            else
                Console.WriteLine($"{day}  {step.Event,-10} {step.ActivityId} ({step.ActivityType}){(step.Outcome is { Length: > 0 } o ? " → " + o : "")}{(step.Rule is { Length: > 0 } r ? "  [" + r + "]" : "")}");
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text.ReplaceLineEndings(" ") : text[..60].ReplaceLineEndings(" ") + "…";
}
