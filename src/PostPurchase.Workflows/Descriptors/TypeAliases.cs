using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Descriptors;

/// <summary>Elsa's type aliases (String, Int32, Object, …) for the CLR types our inputs use.</summary>
public static class TypeAliases
{
    private static readonly Dictionary<Type, string> Aliases = new()
    {
        [typeof(object)] = "Object",
        [typeof(string)] = "String",
        [typeof(bool)] = "Boolean",
        [typeof(short)] = "Int16",
        [typeof(int)] = "Int32",
        [typeof(long)] = "Int64",
        [typeof(float)] = "Single",
        [typeof(double)] = "Double",
        [typeof(decimal)] = "Decimal",
        [typeof(Guid)] = "Guid",
        [typeof(DateTime)] = "DateTime",
        [typeof(DateTimeOffset)] = "DateTimeOffset",
        [typeof(TimeSpan)] = "TimeSpan",
        [typeof(JsonElement)] = "JsonElement",
        [typeof(JsonNode)] = "JsonNode",
        [typeof(JsonObject)] = "JsonObject",
        [typeof(JsonArray)] = "JsonArray",
    };

    public static string For(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Aliases.TryGetValue(type, out var alias)) return alias;
        if (type.IsArray) return For(type.GetElementType()!) + "[]";
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var g
            && (g == typeof(List<>) || g == typeof(IReadOnlyList<>) || g == typeof(IList<>) || g == typeof(IEnumerable<>)))
            return For(type.GetGenericArguments()[0]) + "[]";
        if (type.IsEnum) return "String";
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }
}
