using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Simulations;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>Who "send me a test" may send to, and the hourly limit.</summary>
public sealed class TestSendRulesTests
{
    [Fact]
    public void Recipients_are_the_users_own_address_and_number_and_the_allow_list_only()
    {
        var auth = new AuthOptions
        {
            AdminUser = "Admin", AdminEmail = "boss@shop.test",
            Users = [new ConfiguredUser { Name = "ana", Email = "Ana@Shop.test", Phone = "+447700900111" }, new ConfiguredUser { Name = "bob", Email = "not an address" }],
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:TestRecipients"] = " team@shop.test , +447700900999, nonsense, 12345",
        }).Build();
        var recipients = new TestRecipients(Options.Create(auth), configuration);

        Assert.Equal(
            [new TestRecipient(Channel.Email, "ana@shop.test", TestRecipients.Own), new TestRecipient(Channel.Sms, "+447700900111", TestRecipients.Own),
             new TestRecipient(Channel.Email, "team@shop.test", TestRecipients.AllowList), new TestRecipient(Channel.Sms, "+447700900999", TestRecipients.AllowList)],
            recipients.For("ANA"));
        Assert.Equal(["boss@shop.test", "team@shop.test", "+447700900999"], recipients.For("admin").Select(r => r.Address));
        Assert.Equal(["team@shop.test", "+447700900999"], recipients.For("bob").Select(r => r.Address)); // an invalid own address is ignored
        Assert.Equal("carol@shop.test", recipients.For("carol@shop.test")[0].Address); // a user named like an address
        Assert.NotNull(recipients.Find("ana", Channel.Email, " ANA@shop.test "));
        Assert.Null(recipients.Find("ana", Channel.Email, "boss@shop.test"));
        Assert.Null(recipients.Find("ana", Channel.Email, "+447700900111")); // a number is not an email recipient
    }

    [Fact]
    public void Ten_sends_per_user_in_any_hour()
    {
        var clock = new ManualClock();
        var limiter = new TestSendLimiter(clock);
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(limiter.TryTake("ana"));
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(TimeSpan.FromMinutes(10), limiter.TryTake("ana")); // the first send (50 minutes ago) leaves the window in 10
        Assert.Null(limiter.TryTake("bob")); // per user
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(limiter.TryTake("ana"));
        Assert.NotNull(limiter.TryTake("ana"));
    }
}
