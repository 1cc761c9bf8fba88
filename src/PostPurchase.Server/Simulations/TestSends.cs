using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;

namespace PostPurchase.Server.Simulations;

/// <summary>What a test send did: <see cref="Status"/> is <c>sent</c> or <c>failed</c> (the provider's answer in <see cref="Detail"/>).</summary>
public sealed record TestSendResult(string Channel, string To, string? ActivityId, string? Subject, string Status, string? Detail);

/// <summary>A test send that may not go out: <see cref="StatusCode"/> 400 (bad input, recipient not allowed) or 429 (limit).</summary>
public sealed class TestSendException(int statusCode, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// "Send me a test": replays the simulation, takes its <c>n</c>-th message and sends it, subject (or SMS text) prefixed
/// <c>[TEST]</c>, through the real mail and SMS senders (<see cref="IEmailSender"/>, <see cref="ISmsSender"/>) to one of
/// the user's <see cref="TestRecipients"/>. It bypasses the message gateway on purpose: no send record, consent,
/// suppression, quiet hours, caps, report facts or tracked links. At most <see cref="TestSendLimiter.Limit"/> per user and hour.
/// </summary>
public sealed class TestSends(
    JourneySimulator simulator, MessagePreviews previews, TestRecipients recipients, TestSendLimiter limiter,
    IEmailSender email, ISmsSender sms, ILogger<TestSends> logger)
{
    public const string Prefix = "[TEST] ";

    /// <exception cref="TestSendException">The recipient is not allowed, the message does not exist, or the limit is reached.</exception>
    /// <exception cref="SimulationException">The simulation itself cannot run.</exception>
    public async Task<(TestSendResult Result, SimulationReport Report)> SendAsync(
        string user, SimulationRequest simulation, int messageIndex, string? to, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(to) || (recipients.Find(user, Channel.Email, to) ?? recipients.Find(user, Channel.Sms, to)) is null)
            throw new TestSendException(StatusCodes.Status400BadRequest,
                "Tests go only to your own address or number or to one on the Studio__TestRecipients allow-list; that recipient is not one of them.");

        var report = await simulator.RunAsync(simulation, cancellationToken);
        var messages = report.Steps.Where(s => s.Kind == "message").ToList();
        if (messageIndex < 0 || messageIndex >= messages.Count)
            throw new TestSendException(StatusCodes.Status400BadRequest, $"The simulation has {messages.Count} message(s); message {messageIndex} does not exist.");
        var step = messages[messageIndex];
        var channel = step.Channel == "sms" ? Channel.Sms : Channel.Email;
        var recipient = recipients.Find(user, channel, to)
            ?? throw new TestSendException(StatusCodes.Status400BadRequest, $"That message is {(channel == Channel.Sms ? "an SMS; choose a phone number" : "an email; choose an email address")}.");

        if (limiter.TryTake(user) is { } wait)
            throw new TestSendException(StatusCodes.Status429TooManyRequests,
                $"At most {TestSendLimiter.Limit} test sends an hour; the next one is possible in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minute(s).", wait);

        var id = "test:" + Guid.NewGuid().ToString("N");
        DeliveryResult delivery;
        string? subject = null;
        if (channel == Channel.Email)
        {
            var content = previews.Content(step, recipient.Address, Prefix);
            subject = content.Subject;
            delivery = await email.SendAsync(content, cancellationToken);
        }
        else
        {
            delivery = await sms.SendAsync(new SmsContent(recipient.Address, Prefix + (step.Body ?? ""), id), cancellationToken);
        }

        var sent = delivery.Status == DeliveryStatus.Accepted;
        logger.LogInformation("Test {Channel} of {Definition} v{Version} step {Step} by {User} to {To}: {Status} {Detail}",
            channel, report.DefinitionId, report.Version, step.ActivityId, user, Addresses.Mask(recipient.Address), delivery.Status, delivery.Detail);
        return (new TestSendResult(channel == Channel.Sms ? "sms" : "email", recipient.Address, step.ActivityId, subject ?? Prefix.Trim(),
            sent ? "sent" : "failed", delivery.Detail), report);
    }
}
