using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Tests.Expressions;

public sealed class JavaScriptTests
{
    private readonly JavaScriptEvaluator _js = new();

    private static ExpressionScope Scope(Dictionary<string, JsonNode?>? variables = null) => new()
    {
        Input = JsonNode.Parse("""{"purchase":{"orderId":"o-1","totalMinor":4990,"items":[{"sku":"MUG","quantity":2},{"sku":"TEA","quantity":1}],"customer":{"firstName":"Ada"}}}""")!.AsObject(),
        Variables = variables ?? new Dictionary<string, JsonNode?>(),
        Activities = JsonNode.Parse("""{"SendEmail1":{"MessageId":"m-1"}}""")!.AsObject(),
        WorkflowInstanceId = "instance-1",
        CorrelationId = "order-1",
        DefinitionId = "post-purchase",
        DefinitionVersion = 2,
    };

    private string? Run(string script, ExpressionScope? scope = null) => _js.Evaluate(script, scope ?? Scope())?.ToJsonString();

    [Theory]
    [InlineData("`hello ${'world'}`", "\"hello world\"")]
    [InlineData("const double = x => x * 2; double(21)", "42")]
    [InlineData("[...[1, 2], 3].length", "3")]
    [InlineData("const { customer: { firstName } } = purchase; firstName", "\"Ada\"")]
    [InlineData("const [first, ...rest] = purchase.items; rest.length", "1")]
    [InlineData("purchase.items.map(i => i.sku).includes('TEA')", "true")]
    [InlineData("purchase.items.find(i => i.sku === 'MUG').quantity", "2")]
    [InlineData("Object.assign({}, { a: 1 }, { b: 2 })", "{\"a\":1,\"b\":2}")]
    [InlineData("purchase.customer?.lastName ?? 'none'", "\"none\"")]
    [InlineData("class A { get x() { return 7; } } new A().x", "7")]
    public void Es2015_and_later_syntax_runs(string script, string expected) => Assert.Equal(expected, Run(script));

    [Theory]
    [InlineData("[1,2].map(function(i){return i*2})", "[2,4]")]
    [InlineData("// we return early here\n'done'", "\"done\"")]
    [InlineData("/* return 1 */ 5", "5")]
    [InlineData("return 3;\n'unreached'", "3")]
    [InlineData("if (purchase.totalMinor > 1000) { return 'big'; }\nreturn 'small';", "\"big\"")]
    [InlineData("const total = purchase.items.reduce((sum, i) => { return sum + i.quantity; }, 0);\nreturn total;", "3")]
    [InlineData("const returned = 'x'; returned", "\"x\"")]
    public void Return_ends_the_script_only_at_the_top_level(string script, string expected) => Assert.Equal(expected, Run(script));

    [Fact]
    public void Let_is_block_scoped()
    {
        Assert.Equal("1", Run("let x = 1; { let x = 2; } x"));
        Assert.Equal("[0,1,2]", Run("const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); fs.map(f => f())"));
    }

    [Fact]
    public void Elsa_helper_functions_exist_with_their_names()
    {
        var variables = new Dictionary<string, JsonNode?> { ["Tier"] = "gold" };
        var scope = Scope(variables);

        Assert.Equal("\"gold\"", Run("getTier()", scope));
        Assert.Equal("\"gold\"", Run("getVariable('Tier')", scope));
        Assert.Equal("\"gold\"", Run("variables.Tier", scope));
        Run("setVariable('Count', 3); setTier('silver')", scope);
        Assert.Equal(3, variables["Count"]!.GetValue<int>());
        Assert.Equal("silver", variables["Tier"]!.GetValue<string>());
        Assert.Equal("\"instance-1\"", Run("getWorkflowInstanceId()", scope));
        Assert.Equal("\"order-1\"", Run("getCorrelationId()", scope));
        Assert.Equal("\"post-purchase@2\"", Run("`${getWorkflowDefinitionId()}@${getWorkflowDefinitionVersion()}`", scope));
        Assert.Equal("\"o-1\"", Run("getInput('purchase').orderId", scope));
        Assert.Equal("\"m-1\"", Run("getOutputFrom('SendEmail1', 'MessageId')", scope));
        Assert.Equal("[true,true,false]", Run("[isNullOrWhiteSpace('  '), isNullOrEmpty(null), isNullOrEmpty('a')]", scope));
        Assert.Equal("2", Run("jsonParse(jsonStringify({ a: 2 })).a", scope));
        Assert.Equal("{\"a\":1}", _js.Evaluate("toJson({ a: 1 })", scope)!.GetValue<string>());
        Assert.Equal("[36,36,true]", Run("[newGuid().length, newGuidString().length, /^[A-Za-z0-9]{16,22}$/.test(newShortGuid())]", scope));
        Assert.Equal("hé", _js.Evaluate("stringFromBase64(stringToBase64('hé'))", scope)!.GetValue<string>());
        Assert.Equal("hé", _js.Evaluate("bytesToString(bytesFromBase64(bytesToBase64(bytesFromString('hé'))))", scope)!.GetValue<string>());
        foreach (var name in JavaScriptGlobals.FunctionNames)
            Assert.Equal("\"function\"", Run($"typeof {name}", scope));
    }

    [Fact]
    public void A_syntax_error_names_its_line_and_column()
    {
        var error = Assert.Throws<ScriptSyntaxException>(() => _js.Evaluate("const a = 1;\nconst b = ;", Scope()));
        Assert.Equal(2, error.Line);
        Assert.True(error.Column > 1);
        Assert.NotNull(JavaScriptEvaluator.Check("let x = (1"));
        Assert.Null(JavaScriptEvaluator.Check("return 1"));
    }

    [Fact]
    public void A_runtime_error_carries_the_scripts_own_message_and_position()
    {
        var error = Assert.Throws<ScriptRuntimeException>(() => _js.Evaluate("const a = 1;\n  throw new Error('no stock for ' + purchase.orderId);", Scope()));
        Assert.Contains("no stock for o-1", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal(9, error.Column); // where the Error is created
    }

    [Theory]
    // On a busy machine the 2 s time limit may come before the statement or memory limit: either stops the script.
    [InlineData("while (true) {}", "statements|longer than")]
    [InlineData("function f() { return f(); } f()", "deeper")]
    [InlineData("const a = []; while (true) a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length);", "MB|longer than|statements")]
    public void Limits_stop_runaway_scripts(string script, string expected)
    {
        var error = Assert.Throws<ScriptRuntimeException>(() => _js.Evaluate(script, Scope()));
        Assert.Matches(expected, error.Message);
    }

    [Fact]
    public void Json_values_reach_the_script_as_json_parse_gives_them()
    {
        var scope = Scope(new Dictionary<string, JsonNode?>
        {
            // Values built in C# (not parsed from text) and a key that must stay a plain property.
            ["data"] = new JsonObject
            {
                ["count"] = JsonValue.Create(3), ["big"] = JsonValue.Create(4990L), ["price"] = JsonValue.Create(12.5m),
                ["yes"] = true, ["none"] = null, ["list"] = new JsonArray(1, "two", null),
                ["__proto__"] = JsonNode.Parse("""{"polluted":true}"""),
            },
        });

        Assert.Equal("[3,4990,12.5,true,null,3,\"two\",null]", Run("[data.count, data.big, data.price, data.yes, data.none, data.list.length, data.list[1], data.list[2]]", scope));
        Assert.Equal("[true,true,false]", Run("[Object.keys(data).includes('__proto__'), Object.getPrototypeOf(data) === Object.prototype, 'polluted' in {}]", scope));
    }

    [Fact]
    public void Globals_are_seen_without_untrusted_text_marks()
    {
        var scope = Scope();
        scope.Globals["Store"] = new JsonObject { ["name"] = UntrustedText.Mark("Shop"), ["tags"] = new JsonArray(UntrustedText.Mark("a")) };
        Assert.Equal("\"Shop a\"", Run("Store.name + ' ' + Store.tags[0]", scope));
    }

    [Fact]
    public void Nothing_one_evaluation_does_is_seen_by_the_next()
    {
        Run("var leaked = purchase.customer.firstName; globalThis.other = 1; Object.prototype.polluted = 'yes'; Array.prototype.push = null; purchase.orderId = 'changed'; 1");

        Assert.Equal("[\"undefined\",\"undefined\",\"undefined\",\"function\",\"o-1\"]",
            Run("[typeof leaked, typeof other, typeof ({}).polluted, typeof [].push, purchase.orderId]"));
    }
}
