using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PostPurchase.Server.Tests.FieldInputs;

/// <summary>Start-up with the shipped journey (it sends marketing email) and with or without real sending configured.</summary>
public class MessagingStartupCheckTests
{
    private static WebApplicationFactory<Program> Server(List<string> log, params (string Key, string Value)[] settings)
    {
        var data = Directory.CreateTempSubdirectory("pp-startup-checks-").FullName;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new ListLoggerProvider(log)));
        });
    }

    [Fact]
    public async Task With_real_smtp_and_a_marketing_journey_start_up_refuses_without_the_postal_address_and_names_the_settings()
    {
        await using var server = Server([], ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", "9"), ("Store:LegalName", "Acme Photo Ltd"));
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await server.CreateClient().GetAsync("/health"));
        Assert.Contains("Store__PostalAddress", error.ToString());
        Assert.Contains("post-purchase", error.ToString());
    }

    [Fact]
    public async Task The_quick_start_only_warns_and_warns_about_sms_with_a_utc_default_zone()
    {
        var log = new List<string>();
        await using var server = Server(log,
            ("Twilio:AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ("Twilio:AuthToken", "token"), ("Twilio:From", "+15005550006"), ("Twilio:BaseUrl", "http://127.0.0.1:9"));
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health")).StatusCode);
        lock (log)
        {
            Assert.Contains(log, l => l.Contains("Store__LegalName and Store__PostalAddress is not set") && l.Contains("Outbox files only"));
            Assert.Contains(log, l => l.Contains("SMS is configured and Messaging__DefaultTimeZone is UTC"));
        }
    }

    [Fact]
    public async Task With_both_settings_real_sending_starts_quietly()
    {
        var log = new List<string>();
        await using var server = Server(log, ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", "9"), ("Store:LegalName", "Acme Photo Ltd"),
            ("Store:PostalAddress", "1 Main St, Springfield"), ("Messaging:DefaultTimeZone", "America/Chicago"));
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health")).StatusCode);
        lock (log) Assert.DoesNotContain(log, l => l.Contains("CAN-SPAM") || l.Contains("DefaultTimeZone is"));
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);
        public void Dispose() { }
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (lines) lines.Add(formatter(state, exception));
        }
    }
}
