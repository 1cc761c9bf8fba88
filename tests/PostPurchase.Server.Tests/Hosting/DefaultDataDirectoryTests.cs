using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging;
using PostPurchase.Server.Hosting;

namespace PostPurchase.Server.Tests.Hosting;

/// <summary>The quick start's server and scripts/send-sample-purchase.sh must agree on the data directory however the server starts.</summary>
public sealed class DefaultDataDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _checkout = Directory.CreateTempSubdirectory("pp-checkout-");

    public DefaultDataDirectoryTests()
    {
        File.WriteAllText(Path.Combine(_checkout.FullName, DefaultDataDirectory.SolutionFile), "");
        Directory.CreateDirectory(Path.Combine(_checkout.FullName, "src", "PostPurchase.Server", "bin", "Debug", "net10.0"));
    }

    public void Dispose() => _checkout.Delete(recursive: true);

    private string In(params string[] parts) => Path.Combine([_checkout.FullName, .. parts]);

    [Fact]
    public void From_a_checkout_it_is_the_checkouts_data_whatever_the_working_directory()
    {
        var binary = In("src", "PostPurchase.Server", "bin", "Debug", "net10.0");
        var expected = In("data");

        Assert.Equal(expected, DefaultDataDirectory.Resolve(null, binary, workingDirectory: _checkout.FullName)); // dotnet run --project … from the root
        Assert.Equal(expected, DefaultDataDirectory.Resolve(null, binary, workingDirectory: In("src", "PostPurchase.Server"))); // dotnet run in the project
        Assert.Equal(expected, DefaultDataDirectory.Resolve("", binary, workingDirectory: Path.GetTempPath())); // the built binary from elsewhere
    }

    [Fact]
    public void Outside_a_checkout_it_is_data_under_the_working_directory()
    {
        var published = Directory.CreateTempSubdirectory("pp-published-").FullName;
        try
        {
            Assert.Equal(Path.Combine(published, "data"), DefaultDataDirectory.Resolve(null, published, workingDirectory: published));
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }
    }

    [Fact]
    public void A_configured_directory_wins_and_a_relative_one_is_relative_to_the_working_directory()
    {
        var binary = In("src", "PostPurchase.Server", "bin", "Debug", "net10.0");
        Assert.Equal(In("elsewhere"), DefaultDataDirectory.Resolve("elsewhere", binary, workingDirectory: _checkout.FullName));
        Assert.Equal("/var/lib/postpurchase", DefaultDataDirectory.Resolve("/var/lib/postpurchase", binary, workingDirectory: _checkout.FullName));
    }

    [Fact]
    public async Task Every_module_of_the_running_server_uses_the_one_resolved_directory()
    {
        var data = In("server-data");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
        });
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(data, factory.Services.GetRequiredService<ServerSettings>().DataDirectory);
        Assert.Equal(data, factory.Services.GetRequiredService<MessagingSettings>().DataDirectory);
        Assert.True(File.Exists(Path.Combine(data, "webhook-secret.txt")));
        Assert.True(File.Exists(Path.Combine(data, "postpurchase.db")));
    }
}
