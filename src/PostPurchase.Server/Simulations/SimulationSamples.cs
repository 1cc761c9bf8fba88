using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Server.Hosting;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Simulations;

/// <summary>A purchase to simulate with: <see cref="Key"/> is <c>file:{name}</c> or <c>recent:{instanceId}</c>.</summary>
public sealed record SimulationSample(string Key, string Label, string Provider, JsonObject Payload);

/// <summary>
/// The purchases the simulator page offers: the purchase files in <c>samples/</c> (beside <c>workflows/</c>, else the
/// first <c>samples/</c> above the content root) and the most recent real purchases of the journey, masked with
/// <see cref="SamplePurchases.Mask"/> before they leave the server.
/// </summary>
public sealed class SimulationSamples(ServerSettings settings, IWebHostEnvironment environment, IWorkflowInstanceStore instances)
{
    public const int RecentCount = 5;

    public async Task<IReadOnlyList<SimulationSample>> ListAsync(string? definitionId, CancellationToken cancellationToken)
    {
        var samples = Files().ToList();
        if (definitionId is not null) samples.AddRange(await RecentAsync(definitionId, cancellationToken));
        return samples;
    }

    private IEnumerable<SimulationSample> Files()
    {
        if (Directory() is not { } directory) yield break;
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            JsonObject? payload;
            try
            {
                payload = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            // Journey definitions live in samples/ too; anything else is a provider's purchase webhook body.
            if (payload is null || payload.ContainsKey("root") || payload.ContainsKey("definitionId")) continue;
            var name = Path.GetFileName(file);
            yield return new SimulationSample("file:" + name, "samples/" + name, GuessProvider(payload), payload);
        }
    }

    private async Task<IEnumerable<SimulationSample>> RecentAsync(string definitionId, CancellationToken cancellationToken)
    {
        var page = await instances.ListAsync(new InstanceQuery { DefinitionIds = [definitionId], PageSize = RecentCount, Descending = true }, cancellationToken);
        var samples = new List<SimulationSample>();
        foreach (var instance in page.Items)
        {
            Purchase? purchase;
            try
            {
                purchase = instance.State.Input["purchase"]?.Deserialize<Purchase>(JsonDefaults.Options);
            }
            catch (JsonException)
            {
                continue;
            }

            if (purchase is null) continue;
            var masked = SamplePurchases.Mask(purchase); // the one masking the Test tab uses too
            var label = $"Recent purchase {instance.CreatedAt:yyyy-MM-dd HH:mm} UTC ({masked.Customer.Email ?? "no email"}, masked)";
            samples.Add(new SimulationSample("recent:" + instance.Id, label, "purchase", JsonSerializer.SerializeToNode(masked, JsonDefaults.Options)!.AsObject()));
        }

        return samples;
    }

    private string? Directory()
    {
        var beside = Path.Combine(Path.GetDirectoryName(settings.WorkflowsDirectory.TrimEnd(Path.DirectorySeparatorChar)) ?? "", "samples");
        if (System.IO.Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "samples"))) return Path.Combine(dir.FullName, "samples");
        return null;
    }

    /// <summary>stripe for a Stripe event, paypal for a PayPal one, else generic (as the <c>simulate</c> verb guesses).</summary>
    public static string GuessProvider(JsonObject payload) =>
        payload["object"]?.ToString() == "event" ? "stripe" : payload["event_type"] is not null ? "paypal" : "generic";
}
