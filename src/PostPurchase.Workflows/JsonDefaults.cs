using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostPurchase.Workflows;

/// <summary>The one JSON convention used across the engine and the API: camelCase, string enums, no nulls written.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
