using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Engagement.Experiments;

/// <summary>A branch of a split and its share of customers in percent.</summary>
public sealed record SplitBranch(string Outcome, string Label, int Percent);

/// <summary>
/// Deterministic assignment: the same customer in the same experiment always lands in the same branch, whichever
/// replica runs the step and however often it is replayed; different experiments split customers independently.
/// </summary>
public static class SplitBuckets
{
    private const int Buckets = 10_000;

    public static SplitBranch Assign(string experiment, string customerKey, IReadOnlyList<SplitBranch> branches)
    {
        if (branches.Sum(b => b.Percent) != 100 || branches.Any(b => b.Percent < 0))
            throw new ArgumentException("The branches' percentages must each be 0–100 and add up to 100.", nameof(branches));

        var bucket = Bucket(experiment, customerKey);
        var upper = 0;
        foreach (var branch in branches)
        {
            upper += branch.Percent * (Buckets / 100);
            if (bucket < upper) return branch;
        }

        return branches.Last(b => b.Percent > 0);
    }

    /// <summary>0 ≤ bucket &lt; 10,000, uniform over customers.</summary>
    public static int Bucket(string experiment, string customerKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(experiment + "\n" + customerKey.Trim().ToLowerInvariant()));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }
}
