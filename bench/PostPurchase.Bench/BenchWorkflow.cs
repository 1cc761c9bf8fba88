using System.Text.Json.Nodes;

/// <summary>The workflow every engine benchmark runs.</summary>
public static class BenchWorkflow
{
    /// <summary>SetVariable, a one-day Delay, WriteLine: four activities over a start and a resume.</summary>
    public static JsonObject Definition() => JsonNode.Parse("""
        {"definitionId":"bench","version":1,"name":"bench","variables":[{"id":"v","name":"Step","typeName":"Int32","value":"0"}],
         "root":{"type":"Elsa.Flowchart","id":"F1","activities":[
           {"id":"set","type":"Elsa.SetVariable","version":1,"variable":{"id":"v","name":"Step"},"value":{"typeName":"Object","expression":{"type":"JavaScript","value":"input.n + 1"}}},
           {"id":"wait","type":"Elsa.Delay","version":1,"timeSpan":{"typeName":"TimeSpan","expression":{"type":"Literal","value":"1.00:00:00"}}},
           {"id":"done","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"done"}}}],
         "connections":[{"source":{"activity":"set","port":"Done"},"target":{"activity":"wait","port":"In"}},
                        {"source":{"activity":"wait","port":"Done"},"target":{"activity":"done","port":"In"}}]}}
        """)!.AsObject();
}
