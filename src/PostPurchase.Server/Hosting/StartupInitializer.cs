using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Catalog;
using PostPurchase.Persistence.Schema;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.Hosting;

/// <summary>
/// Runs before any other hosted service (the workflow worker included): creates or migrates the schema and imports
/// the definitions in <c>workflows/</c> (a higher version is published, the same version changes nothing).
/// </summary>
public sealed class StartupInitializer(
    SchemaInitializer schema,
    WorkflowDefinitionService definitions,
    ServerSettings settings,
    ProductCatalog catalog,
    ILogger<StartupInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Product catalogue: {Count} products", catalog.Products.Count);
        await schema.InitializeAsync(cancellationToken);
        await ImportWorkflowsAsync(cancellationToken);
    }

    public async Task ImportWorkflowsAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.WorkflowsDirectory))
        {
            logger.LogWarning("Workflows directory {Directory} does not exist; nothing imported", settings.WorkflowsDirectory);
            return;
        }

        foreach (var file in Directory.GetFiles(settings.WorkflowsDirectory, "*.json").Order())
        {
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken)) as JsonObject;
            }
            catch (JsonException ex)
            {
                logger.LogError("Workflow file {File} is not valid JSON: {Error}", file, ex.Message);
                continue;
            }

            if (json?["root"] is null) continue; // not a definition (e.g. the product catalogue)
            try
            {
                var result = await definitions.ImportAsync(json, Path.GetFileName(file), cancellationToken);
                if (!result.Imported)
                    logger.LogDebug("{File}: {DefinitionId} v{Version} already imported", file, result.DefinitionId, result.Version);
            }
            catch (DefinitionValidationException ex)
            {
                logger.LogError("Workflow file {File} was not imported: {Errors}", file, string.Join("; ", ex.Errors));
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
