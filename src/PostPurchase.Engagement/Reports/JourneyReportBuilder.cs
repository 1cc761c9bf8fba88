namespace PostPurchase.Engagement.Reports;

/// <summary>Builds a <see cref="JourneyReport"/> from the journey's recorded facts and the customers' later orders.</summary>
public sealed class JourneyReportBuilder
{
    /// <summary>The report, or null when no definition has the id.</summary>
    public Task<JourneyReport?> BuildAsync(string definitionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("arriving on main shortly");
}
