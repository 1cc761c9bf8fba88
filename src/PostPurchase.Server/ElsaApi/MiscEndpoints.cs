using PostPurchase.Server.Auth;
using System.Text;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>Features (none advertised: no SignalR, resilience or alterations APIs), package version and JavaScript IntelliSense.</summary>
public static class MiscEndpoints
{
    public static RouteGroupBuilder MapMiscellaneous(this RouteGroupBuilder api)
    {
        api.MapGet("/features/installed", () => Results.Ok(new { items = Array.Empty<object>(), count = 0 }));
        api.MapGet("/package/version", () => Results.Ok(new { packageVersion = "3.8.0" }));

        api.MapPost("/scripting/javascript/type-definitions/{definitionId}", async (string definitionId, IWorkflowDefinitionStore store, CancellationToken ct) =>
        {
            var definition = await store.FindAsync(definitionId, VersionOptions.Latest, ct);
            var text = new StringBuilder()
                .AppendLine("/** Workflow input (e.g. input.purchase); also available as top-level names such as purchase. */")
                .AppendLine("declare const input: any;")
                .AppendLine("declare const purchase: any;")
                .AppendLine("declare const workflowInstanceId: string;")
                .AppendLine("declare const correlationId: string | null;")
                .AppendLine("/** Outputs of earlier activities by activity id: Activities.SendEmail1.Result */")
                .AppendLine("declare const Activities: any;")
                .AppendLine("declare function getVariable(name: string): any;")
                .AppendLine("declare function setVariable(name: string, value: any): void;");
            if (definition is not null)
                foreach (var variable in DefinitionVariables.Read(definition.Document))
                    if (IsIdentifier(variable.Name))
                        text.AppendLine($"declare let {variable.Name}: any;")
                            .AppendLine($"declare function get{variable.Name}(): any;")
                            .AppendLine($"declare function set{variable.Name}(value: any): void;");
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "application/x-typescript", $"elsa.{definitionId}.d.ts");
        }).AllowViewers();
        return api;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
