using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Descriptors;

/// <summary>Creates an activity object for a graph node and binds its inputs and outputs from the node's JSON.</summary>
public static class ActivityFactory
{
    public static IActivity Create(RegisteredActivity registered, ActivityNode node, IServiceProvider services)
    {
        var activity = (IActivity)ActivatorUtilities.CreateInstance(services, registered.Type);
        foreach (var property in registered.InputProperties)
        {
            var input = (IBoundInput)Activator.CreateInstance(property.PropertyType)!;
            input.Bind(ReadExpression(node.Json[CamelCase(property.Name)]), property.Name);
            property.SetValue(activity, input);
        }

        foreach (var property in registered.OutputProperties)
        {
            var output = (IBoundOutput)Activator.CreateInstance(property.PropertyType)!;
            output.Bind(node.Json[CamelCase(property.Name)]?["memoryReference"]?["id"]?.GetValue<string>(), property.Name);
            property.SetValue(activity, output);
        }

        return activity;
    }

    /// <summary>Reads Elsa's wrapped input (<c>{"typeName":…,"expression":{"type":…,"value":…}}</c>) or a raw (unwrapped) value.</summary>
    public static Expression? ReadExpression(JsonNode? json)
    {
        if (json is null) return null;
        if (json is JsonObject wrapper && wrapper.ContainsKey("expression"))
        {
            if (wrapper["expression"] is not JsonObject expression) return null;
            var type = expression["type"]?.GetValue<string>() ?? ExpressionTypes.Literal;
            return new Expression(type, expression["value"]?.DeepClone());
        }

        return new Expression(ExpressionTypes.Literal, json.DeepClone());
    }

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
