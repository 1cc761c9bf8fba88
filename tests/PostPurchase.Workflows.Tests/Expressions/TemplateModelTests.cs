using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Tests.Expressions;

public sealed class TemplateModelTests
{
    [Fact]
    public void Globals_built_in_code_and_values_parsed_from_json_render_alike()
    {
        var scope = new ExpressionScope
        {
            Input = JsonNode.Parse("""{"purchase":{"totalMinor":4990,"currency":"EUR","name":"Ada"}}""")!.AsObject(),
            Variables = new Dictionary<string, JsonNode?>(),
            Activities = new JsonObject(),
            WorkflowInstanceId = "i1",
        };
        scope.Globals["Catalog"] = new JsonObject
        {
            ["quantity"] = 2, ["price"] = 12.5m, ["big"] = 5_000_000_000L, ["name"] = "Mug", ["ok"] = true,
            ["copy"] = new JsonObject { ["name"] = "Tea" }.DeepClone(),
        };

        var text = UntrustedText.Strip(new TemplateRenderer().Render(
            "{{ Purchase.Name }} {{ money Purchase.TotalMinor Purchase.Currency }} {{ Catalog.quantity }}×{{ Catalog.name }} {{ Catalog.price }} {{ Catalog.big }} {{#if Catalog.ok }}yes{{/if}} {{ Catalog.copy.name }}",
            scope));

        Assert.Equal("Ada 49.90 EUR 2×Mug 12.5 5000000000 yes Tea", text);
    }

    [Fact]
    public void Money_of_a_missing_amount_renders_nothing_instead_of_failing()
    {
        var scope = new ExpressionScope
        {
            Input = new JsonObject { ["purchase"] = new JsonObject() },
            Variables = new Dictionary<string, JsonNode?>(),
            Activities = new JsonObject(),
            WorkflowInstanceId = "i1",
        };

        Assert.Equal("Total: .", new TemplateRenderer().Render("Total: {{ money Purchase.TotalMinor Purchase.Currency }}.", scope));
    }
}
