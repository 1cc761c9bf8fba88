using System.Globalization;

namespace PostPurchase.Fault.Tests;

/// <summary>The scenario's size; the CI variant uses the defaults, tests/fault/run.sh the full run (FAULT_* variables).</summary>
public sealed record FaultOptions
{
    public int Journeys { get; init; } = 500;
    public int Replicas { get; init; } = 3;

    /// <summary>Real seconds between two kills (a random replica gets SIGKILL, then is started again).</summary>
    public double KillEverySeconds { get; init; } = 6;

    /// <summary>Workflow clock speed: at 30,240 the 21-day journey takes about a minute.</summary>
    public double ClockSpeed { get; init; } = 30_240;

    /// <summary>Share of orders refunded right after purchase.</summary>
    public double RefundShare { get; init; } = 0.1;

    /// <summary>Share of webhooks delivered twice (to another replica), as providers do on timeouts.</summary>
    public double DuplicateShare { get; init; } = 0.1;

    public static FaultOptions FromEnvironment()
    {
        var defaults = new FaultOptions();
        double Read(string name, double fallback) =>
            double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        return new FaultOptions
        {
            Journeys = (int)Read("FAULT_JOURNEYS", defaults.Journeys),
            Replicas = (int)Read("FAULT_REPLICAS", defaults.Replicas),
            KillEverySeconds = Read("FAULT_KILL_EVERY_SECONDS", defaults.KillEverySeconds),
            ClockSpeed = Read("FAULT_CLOCK_SPEED", defaults.ClockSpeed),
            RefundShare = Read("FAULT_REFUND_SHARE", defaults.RefundShare),
            DuplicateShare = Read("FAULT_DUPLICATE_SHARE", defaults.DuplicateShare),
        };
    }
}

/// <param name="Resent">Extra copies after a crash between the provider's acceptance and our commit (same Message-ID).</param>
/// <param name="Duplicated">Extra messages with a new identity: a journey step that really ran twice.</param>
/// <param name="UnexpectedAfterRefund">Messages sent after a refunded journey was cancelled, plus refunded journeys that ran to their end.</param>
public sealed record FaultReport(
    int Journeys, int Refunded, int Expected, int Received, int Resent, int Duplicated, int Missing, int UnexpectedAfterRefund, int Stuck,
    int InboxEvents, int DistinctEventsSent, int Kills, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"journeys {Journeys} (refunded {Refunded}), messages expected {Expected} received {Received} duplicated {Duplicated} missing {Missing} " +
        $"resent-after-crash {Resent}, " +
        $"after refund {UnexpectedAfterRefund}, stuck {Stuck}, inbox {InboxEvents}/{DistinctEventsSent} events, kills {Kills}, {Elapsed.TotalSeconds:F0} s";
}
