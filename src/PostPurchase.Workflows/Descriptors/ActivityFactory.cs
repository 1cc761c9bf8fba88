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
            var input = Activator.CreateInstance(property.PropertyType)!;
            var json = node.Json[CamelCase(property.Name)];
            property.PropertyType.GetProperty(nameof(Input<object>.Expression))!.SetValue(input, ReadExpression(json));
            property.PropertyType.GetProperty(nameof(Input<object>.Name))!.SetValue(input, property.Name);
            property.SetValue(activity, input);
        }

        foreach (var property in registered.OutputProperties)
        {
            var output = Activator.CreateInstance(property.PropertyType)!;
            var variableId = node.Json[CamelCase(property.Name)]?["memoryReference"]?["id"]?.GetValue<string>();
            property.PropertyType.GetProperty(nameof(Output<object>.VariableId))!.SetValue(output, variableId);
            property.PropertyType.GetProperty(nameof(Output<object>.Name))!.SetValue(output, property.Name);
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
