using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Security;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Server.Tests.Security;

/// <summary>Failed sign-ins and API keys through real HTTP from distinct loopback client addresses, on a manual clock.</summary>
public sealed class ThrottlingTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Colleague = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Wrong_passwords_are_throttled_per_address_with_doubling_waits_and_the_right_password_from_elsewhere_still_works()
    {
        var clock = new ManualClock();
        await using var host = new StudioTestHost(kestrel: true, services: s => s.AddSingleton(new AuthFailureThrottle(clock)));
        var attacker = host.ClientFrom(Attacker);

        for (var i = 1; i <= AuthFailureThrottle.FreeFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.SignInAsync(attacker, password: "guess-" + i)).StatusCode);

        var sixth = await host.SignInAsync(attacker, password: "guess-6");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), sixth.Headers.RetryAfter!.Delta);
        Assert.Contains("Too many failed sign-ins", await sixth.Content.ReadAsStringAsync());

        // Locked for that address even with the right password; the account still works from another address.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.SignInAsync(attacker)).StatusCode);
        var colleague = await host.SignInAsync(host.ClientFrom(Colleague));
        Assert.Equal(HttpStatusCode.Redirect, colleague.StatusCode);

        // Each further failure after the wait doubles it, up to 15 minutes.
        var waits = new List<double>();
        foreach (var _ in Enumerable.Range(0, 5))
        {
            clock.Advance(TimeSpan.FromSeconds(waits.LastOrDefault(60) + 1));
            var failed = await host.SignInAsync(attacker, password: "again");
            Assert.Equal(HttpStatusCode.TooManyRequests, failed.StatusCode);
            waits.Add(failed.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        }

        Assert.Equal([120, 240, 480, 900, 900], waits);
        Assert.Contains(host.Logs, l => l.Contains("Studio sign-in failed for admin from 127.0.0.2"));
        Assert.DoesNotContain(host.Logs, l => l.Contains("guess-") || l.Contains(StudioTestHost.Password));

        // Failures are forgotten 15 minutes after the wait: the right password from that address works again.
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(attacker)).StatusCode);
    }

    [Fact]
    public async Task Wrong_api_keys_are_throttled_per_address_and_the_right_key_from_elsewhere_still_works()
    {
        var clock = new ManualClock();
        await using var host = new StudioTestHost(kestrel: true, services: s => s.AddSingleton(new AuthFailureThrottle(clock)));
        var attacker = host.ClientFrom(Attacker);
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "wrong-key");

        for (var i = 1; i <= AuthFailureThrottle.FreeFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/elsa/api/workflow-definitions")).StatusCode);

        var sixth = await attacker.GetAsync("/elsa/api/workflow-definitions");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), sixth.Headers.RetryAfter!.Delta);

        // The API-key-only endpoints (/api/instances) refuse that address too, even with the right key.
        var rightFromAttacker = host.ClientFrom(Attacker);
        rightFromAttacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", StudioTestHost.ApiKey);
        var refused = await rightFromAttacker.GetAsync("/api/instances/none");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        var colleague = host.ClientFrom(Colleague);
        colleague.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", StudioTestHost.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
        Assert.Contains(host.Logs, l => l.Contains("API key refused from 127.0.0.2"));
        Assert.DoesNotContain(host.Logs, l => l.Contains("wrong-key"));

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await rightFromAttacker.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
    }
}
