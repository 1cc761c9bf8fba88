using System.Collections.Concurrent;

namespace PostPurchase.Messaging.Gateway;

/// <summary>What a simulated run would have sent (or why not): nothing reaches SMTP or Twilio in a simulation.</summary>
/// <param name="ActivityId">The step that sent it (null for a body built outside a step).</param>
public sealed record SimulatedMessage(
    Channel Channel, MessageCategory Category, string? To, string? Subject, string Body, GatewayStatus Status, string Rule, DateTimeOffset At, string? WorkflowInstanceId,
    string? ActivityId = null)
{
    /// <summary>For email: the HTML part as it would go out, through the shop's email layout (links untracked).</summary>
    public string? Html { get; init; }

    /// <summary>For email: the plain-text alternative.</summary>
    public string? Text { get; init; }
}

public interface ISimulationRecorder
{
    void Record(SimulatedMessage message);
    IReadOnlyList<SimulatedMessage> ForInstance(string workflowInstanceId);
}

/// <summary>Keeps the latest simulated messages in memory (bounded).</summary>
public sealed class InMemorySimulationRecorder : ISimulationRecorder
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<SimulatedMessage> _messages = new();

    public void Record(SimulatedMessage message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > Capacity) _messages.TryDequeue(out _);
    }

    public IReadOnlyList<SimulatedMessage> ForInstance(string workflowInstanceId) =>
        _messages.Where(m => m.WorkflowInstanceId == workflowInstanceId).ToList();
}
