using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Runtime.Stores;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.FieldInputs;

/// <summary>
/// Issue 17's "warning for an unknown zone": purchases through the signed webhook on the real server, the server's
/// own log caught by a logger provider registered for the test. An email send window is set so the confirmation
/// email meets quiet hours too (a purchase without a phone number then still needs a zone).
/// </summary>
public sealed class ZoneWarningLogTests : IAsyncLifetime
{
    private const string Category = "PostPurchase.Messaging.TimeZones";
    private readonly CollectingLoggerProvider _log = new();
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(
        new Dictionary<string, string?> { ["Messaging:EmailSendWindow"] = "08:00-21:00" },
        services => services.AddSingleton<ILoggerProvider>(_log));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_misspelt_zone_and_an_unknowable_one_are_logged_as_warnings_naming_the_zone_used_without_the_contact_details()
    {
        var newYork = Purchase("LOG-NY", "ny.buyer@example.com", "+15005550041");
        newYork["customer"]!["timeZone"] = "America/New York";
        var nowhere = Purchase("LOG-MARS", "mars.buyer@example.com", "unused");
        nowhere["customer"]!["timeZone"] = "Mars/Olympus_Mons";
        nowhere["customer"]!.AsObject().Remove("phone"); // no phone and no address: nothing names a country
        await _host.SendAsync(newYork);
        await _host.SendAsync(nowhere);
        // Day 0 10:00 UTC is 05:00 in New York: the confirmation waits for the window; .2 of a day later (14:48 UTC) it
        // is 09:48 there. Each later step then falls inside both windows, up to the review SMS to the New York number.
        foreach (var day in new[] { 0.2, 2.2, 7.2 }) await _host.AdvanceToDayAsync(day);

        var misspelt = await WarningAsync("LOG-NY", "time zone 'America/New York' read as America/New_York");
        var unknown = await WarningAsync("LOG-MARS",
            "time zone 'Mars/Olympus_Mons' is unknown and neither the phone number nor the address names a one-zone country; used the default UTC (Messaging__DefaultTimeZone)");
        Assert.Contains(misspelt.Properties, p => p.Key == "Note"); // structured, not only rendered text
        Assert.Contains(unknown.Properties, p => p.Key == "Note");

        var zoneLines = _log.Entries.Where(e => e.Category == Category).ToList();
        var newYorkId = await InstanceIdAsync("LOG-NY");
        Assert.Contains(zoneLines, e => e.Message.StartsWith($"Instance {newYorkId}, step review:")); // the SMS review request, which had the phone number
        foreach (var secret in new[] { "ny.buyer@example.com", "mars.buyer@example.com", "+15005550041", "5005550041" })
            Assert.DoesNotContain(zoneLines, e => e.Everything.Contains(secret));
    }

    /// <summary>The warning logged for the purchase's instance that contains <paramref name="text"/>, once the server has logged it.</summary>
    private async Task<LogEntry> WarningAsync(string orderId, string text)
    {
        var instanceId = await InstanceIdAsync(orderId);
        LogEntry? Find() => _log.Entries.FirstOrDefault(e => e.Category == Category && e.Message.Contains(instanceId) && e.Message.Contains(text));
        await Eventually.WaitForAsync(() => Task.FromResult(Find() is not null), $"the zone warning for {orderId}", TimeSpan.FromSeconds(10));
        var entry = Find()!;
        Assert.Equal(LogLevel.Warning, entry.Level);
        return entry;
    }

    private async Task<string> InstanceIdAsync(string orderId) =>
        Assert.Single(await _host.Services.GetRequiredService<IWorkflowInstanceStore>().FindActiveIdsByCorrelationAsync(orderId));
}
