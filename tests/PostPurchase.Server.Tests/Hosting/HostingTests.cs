using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.Hosting;

public sealed class HostingTests
{
    private static WebApplicationFactory<Program> Factory(params (string Key, string Value)[] settings)
    {
        var data = Directory.CreateTempSubdirectory("pp-host-").FullName;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
    }

    [Fact]
    public async Task Server_starts_with_no_setup_creates_its_sqlite_database_and_answers_health()
    {
        await using var factory = Factory();
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<string>());
        var settings = factory.Services.GetRequiredService<PostPurchase.Server.Hosting.ServerSettings>();
        Assert.True(File.Exists(Path.Combine(settings.DataDirectory, "postpurchase.db")));
    }

    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database__Provider")]
    [InlineData("Clock:Speed", "fast", "Clock__Speed")]
    public void A_malformed_setting_stops_start_up_with_a_message_naming_it(string key, string value, string named)
    {
        using var factory = Factory((key, value));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(named, error.ToString());
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_stops_start_up()
    {
        using var factory = Factory(("Database:Provider", "PostgreSql"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ConnectionStrings__Default", error.ToString());
    }

    [Fact]
    public async Task Definitions_in_the_workflows_directory_are_imported_and_published_at_start_up()
    {
        var workflows = Directory.CreateTempSubdirectory("pp-wf-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "hello.json"), """
            {"definitionId":"hello","version":3,"name":"Hello","root":{"type":"Elsa.Flowchart","id":"F1",
             "activities":[{"id":"w","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"hi"}}}],
             "connections":[]}}
            """);
        await File.WriteAllTextAsync(Path.Combine(workflows, "broken.json"), """{"definitionId":"broken","version":1,"root":{"type":"Elsa.Flowchart","id":"F1","activities":[{"id":"x","type":"Nope.Nope","version":1}],"connections":[]}}""");
        await using var factory = Factory(("Workflows:Directory", workflows));
        factory.CreateClient();

        var store = factory.Services.GetRequiredService<IWorkflowDefinitionStore>();
        var hello = await store.FindAsync("hello", VersionOptions.Published);
        Assert.Equal(3, hello!.Version);
        Assert.Null(await store.FindAsync("broken", VersionOptions.Latest));
    }
}
