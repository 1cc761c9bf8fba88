using PostPurchase.Messaging.Gateway;
using PostPurchase.TestSupport.Smtp;

namespace PostPurchase.Messaging.Tests.Smtp;

public sealed class SmtpPoolTests
{
    [Fact]
    public async Task Many_messages_go_over_one_pooled_connection()
    {
        await using var smtp = SmtpSenderFixture.Start();

        for (var i = 0; i < 12; i++)
        {
            var result = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: $"i{i}:mail:1"), CancellationToken.None);
            Assert.Equal(DeliveryStatus.Accepted, result.Status);
        }

        var received = await smtp.Server.WaitForAsync(12);
        Assert.Equal(1, smtp.Server.Connections);
        Assert.All(received, m => Assert.Equal(1, m.Connection));
        Assert.Equal(12, received.Select(m => m.Parse().Header("Message-ID")).Distinct().Count());
    }

    [Fact]
    public async Task With_chunking_offered_each_message_goes_as_one_bdat_chunk()
    {
        await using var smtp = SmtpSenderFixture.Start(new LoopbackSmtpOptions { OfferChunking = true });

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: $"c{i}:mail:1"), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        var received = await smtp.Server.WaitForAsync(3);
        Assert.All(received, m => Assert.True(m.Chunked));
        Assert.Contains("Hi **Ada**", received[0].Parse().Part("text/plain")!.Text);
    }

    [Fact]
    public async Task Concurrent_sends_each_get_a_connection_and_never_more_than_the_pool_size()
    {
        // The server answers the end of DATA only when 4 messages wait at once: serialised sends would stall here.
        await using var smtp = SmtpSenderFixture.Start(new LoopbackSmtpOptions { DataReplyBarrier = 4 }, s => s with { PoolSize = 4 });

        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: $"a{i}:mail:1"), CancellationToken.None)));
        var more = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: $"b{i}:mail:1"), CancellationToken.None)));

        Assert.All(first.Concat(more), r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        var received = await smtp.Server.WaitForAsync(44);
        Assert.Equal(4, received.Take(4).Select(m => m.Connection).Distinct().Count());
        Assert.Equal(4, smtp.Server.Connections);
        Assert.Equal(4, smtp.Pool.ConnectionsOpened);
    }

    [Fact]
    public async Task A_connection_the_server_dropped_is_replaced_within_the_same_send()
    {
        await using var smtp = SmtpSenderFixture.Start();
        Assert.Equal(DeliveryStatus.Accepted, (await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: "k1:mail:1"), CancellationToken.None)).Status);
        await smtp.Server.WaitForAsync(1);

        smtp.Server.DropConnections();
        var second = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: "k2:mail:1"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Accepted, second.Status);
        var received = await smtp.Server.WaitForAsync(2);
        Assert.Equal([1, 2], received.Select(m => m.Connection));
        Assert.Equal(2, smtp.Server.Connections);
    }

    [Fact]
    public async Task A_server_that_refuses_the_session_is_a_transient_failure()
    {
        await using var smtp = SmtpSenderFixture.Start();
        smtp.Server.FailNextConnections = 1;

        var failed = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);
        var retried = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.TransientFailure, failed.Status);
        Assert.Contains("421", failed.Detail);
        Assert.Equal(DeliveryStatus.Accepted, retried.Status);
        Assert.Single(await smtp.Server.WaitForAsync(1));
    }

    [Fact]
    public async Task Disposing_the_pool_says_quit_and_later_sends_fail_transiently()
    {
        var smtp = SmtpSenderFixture.Start();
        try
        {
            Assert.Equal(DeliveryStatus.Accepted, (await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None)).Status);
            await smtp.Pool.DisposeAsync();

            var after = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: "k2:mail:1"), CancellationToken.None);

            Assert.Equal(1, smtp.Server.Quits);
            Assert.Equal(DeliveryStatus.TransientFailure, after.Status);
            Assert.Single(smtp.Server.Received);
        }
        finally
        {
            await smtp.DisposeAsync();
        }
    }
}
