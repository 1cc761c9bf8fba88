using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Privacy;

/// <summary>Without SMTP the quick start writes .eml files; an erasure deletes the customer's and leaves others'.</summary>
public sealed class PrivacyOutboxTests
{
    [Fact]
    public async Task Erasure_deletes_the_customers_outbox_mail_only()
    {
        await using var host = await JourneyTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "", ["Auth:ApiKeys"] = "outbox-admin:admin",
        });
        await host.SendAsync(JourneyTestHost.Purchase("OUT-1", "erase.me@example.com", "+15005550088"));
        await host.SendAsync(JourneyTestHost.Purchase("OUT-2", "keep.me@example.com", "+15005550089"));
        var outbox = host.Services.GetRequiredService<MessagingSettings>().OutboxDirectory;
        string[] Mail() => Directory.GetFiles(outbox, "*.eml").Select(File.ReadAllText).ToArray();
        Assert.Contains(Mail(), m => m.Contains("erase.me@example.com"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasure") { Content = Json.Body(new JsonObject { ["email"] = "erase.me@example.com" }.ToJsonString()) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey outbox-admin");
        var report = await Json.ReadAsync(await host.Client.SendAsync(request));

        Assert.Equal(1, (int)report["outboxFiles"]!);
        Assert.DoesNotContain(Mail(), m => m.Contains("erase.me@example.com", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Mail(), m => m.Contains("keep.me@example.com"));
    }
}
