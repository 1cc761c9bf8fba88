using PostPurchase.Commerce.Customers;
using PostPurchase.Engagement.Attribution;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Engagement.Reports;

/// <summary>
/// Builds a <see cref="JourneyReport"/> from the journey's recorded facts and the customers' later orders. Message
/// figures count facts in [from, to); conversions count orders purchased in [from, to) after a touch that may lie up
/// to one attribution window before <c>from</c>.
/// </summary>
public sealed class JourneyReportBuilder(IWorkflowDefinitionStore definitions, IJourneyEventStore store, ICustomerHistory customers, EngagementSettings settings)
{
    public const string BotAgent = "bot";

    /// <summary>The report, or null when no definition has the id.</summary>
    public async Task<JourneyReport?> BuildAsync(string definitionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var definition = await definitions.FindAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken);
        if (definition is null) return null;

        var lookBack = new[] { settings.ClickWindow, settings.OpenWindow, settings.ExperimentWindow }.Max();
        var facts = await store.ListAsync(definitionId, from - lookBack, to, cancellationToken);
        var inPeriod = facts.Where(e => e.At >= from).ToList();
        var journeys = await CustomersAsync(facts, cancellationToken);
        var orders = await CustomerOrderIndex.LoadAsync(customers, journeys.Values, from - lookBack, to, cancellationToken);
        var steps = DefinitionSteps.Read(definition);
        var conversions = Attribute(facts, journeys, orders).Where(c => c.Order.PurchasedAt >= from).ToList();

        return new JourneyReport
        {
            DefinitionId = definitionId,
            Name = definition.Name,
            From = from,
            To = to,
            JourneysStarted = inPeriod.Count(e => e.Kind == JourneyEventKinds.Started),
            Steps = Steps(steps, inPeriod, conversions),
            Splits = Splits(inPeriod, facts, journeys, orders, steps, to),
            StartsPerDay = StartsPerDay(inPeriod, from, to),
            Windows = settings.Windows,
        };
    }

    /// <summary>Whose journey each instance with a touch or a split is (the <see cref="JourneyEventKinds.Customer"/> fact).</summary>
    private async Task<IReadOnlyDictionary<string, JourneyEvent>> CustomersAsync(IReadOnlyList<JourneyEvent> facts, CancellationToken cancellationToken)
    {
        var ids = facts.Where(e => e.Kind is JourneyEventKinds.Clicked or JourneyEventKinds.Opened or JourneyEventKinds.SplitAssigned)
            .Select(e => e.InstanceId).ToHashSet();
        if (ids.Count == 0) return new Dictionary<string, JourneyEvent>();
        return (await store.ListForInstancesAsync(ids, JourneyEventKinds.Customer, cancellationToken))
            .GroupBy(e => e.InstanceId).ToDictionary(g => g.Key, g => g.First());
    }

    private IReadOnlyList<AttributedConversion> Attribute(
        IReadOnlyList<JourneyEvent> facts, IReadOnlyDictionary<string, JourneyEvent> journeys, CustomerOrderIndex orders)
    {
        var touchesByCustomer = facts
            .Where(e => e.Kind is JourneyEventKinds.Clicked or JourneyEventKinds.Opened && e.AgentClass != BotAgent && journeys.ContainsKey(e.InstanceId))
            .GroupBy(e => CustomerKey(journeys[e.InstanceId]));
        var conversions = new List<AttributedConversion>();
        foreach (var group in touchesByCustomer)
        {
            var customer = journeys[group.First().InstanceId];
            var touches = group.Select(e => new Touch(e.InstanceId, e.ActivityId, e.Kind == JourneyEventKinds.Clicked, e.At)).ToList();
            var ownOrders = group.Select(e => journeys[e.InstanceId].MessageKey).OfType<string>().ToHashSet();
            conversions.AddRange(ConversionAttribution.Attribute(touches, orders.For(customer), settings.Windows, ownOrders));
        }

        return conversions;
    }

    private static string CustomerKey(JourneyEvent customer) => customer.CustomerEmail ?? customer.CustomerId ?? customer.InstanceId;

    private static IReadOnlyList<StepReport> Steps(IReadOnlyList<DefinitionStep> designed, IReadOnlyList<JourneyEvent> inPeriod, IReadOnlyList<AttributedConversion> conversions)
    {
        var known = designed.Select(s => s.ActivityId).ToHashSet();
        var notStepFigures = new HashSet<string>([JourneyEventKinds.Started, JourneyEventKinds.Customer]);
        var removed = inPeriod.Where(e => !known.Contains(e.ActivityId) && !notStepFigures.Contains(e.Kind))
            .Select(e => e.ActivityId).Distinct().Select(id => new DefinitionStep(id, id + " (removed)", ""));
        var byStep = inPeriod.ToLookup(e => e.ActivityId);
        var conversionsByStep = conversions.ToLookup(c => c.Touch.ActivityId);
        return designed.Concat(removed).Select(step => StepReportFor(step, byStep[step.ActivityId].ToList(), conversionsByStep[step.ActivityId].ToList())).ToList();
    }

    private static StepReport StepReportFor(DefinitionStep step, IReadOnlyList<JourneyEvent> facts, IReadOnlyList<AttributedConversion> conversions)
    {
        IEnumerable<JourneyEvent> Of(string kind) => facts.Where(e => e.Kind == kind);
        int DistinctMessages(IEnumerable<JourneyEvent> events) => events.Select(e => e.MessageKey ?? e.InstanceId).Distinct().Count();
        var reviews = Of(JourneyEventKinds.Reviewed).Where(e => e.Value is not null).ToList();
        return new StepReport
        {
            ActivityId = step.ActivityId,
            Name = step.Name,
            Type = step.Type,
            Entered = Of(JourneyEventKinds.Entered).Select(e => e.InstanceId).Distinct().Count(),
            Sent = Of(JourneyEventKinds.Sent).Count(),
            Suppressed = CountBy(Of(JourneyEventKinds.Suppressed)),
            Deferred = CountBy(Of(JourneyEventKinds.Deferred)),
            Delivered = DistinctMessages(Of(JourneyEventKinds.Delivered)),
            Failed = Of(JourneyEventKinds.Failed).Count() + DistinctMessages(Of(JourneyEventKinds.Undelivered)),
            Opened = DistinctMessages(Of(JourneyEventKinds.Opened).Where(e => e.AgentClass != BotAgent)),
            Clicked = DistinctMessages(Of(JourneyEventKinds.Clicked).Where(e => e.AgentClass != BotAgent)),
            BotClicks = Of(JourneyEventKinds.Clicked).Count(e => e.AgentClass == BotAgent),
            Reviews = reviews.Count,
            AverageRating = reviews.Count == 0 ? null : Math.Round(reviews.Average(e => e.Value!.Value), 2),
            Conversions = conversions.Count,
            Revenue = Revenue(conversions.Select(c => c.Order)),
            AiGenerated = Of(JourneyEventKinds.AiGenerated).Count(),
            AiFallback = Of(JourneyEventKinds.AiFallback).Count(),
            AiTokens = (long)facts.Where(e => e.Kind is JourneyEventKinds.AiGenerated or JourneyEventKinds.AiFallback).Sum(e => e.Value ?? 0),
            SmsSegments = (int)Of(JourneyEventKinds.SmsSegments).Sum(e => e.Value ?? 0),
        };
    }

    private IReadOnlyList<SplitReport> Splits(IReadOnlyList<JourneyEvent> inPeriod, IReadOnlyList<JourneyEvent> facts,
        IReadOnlyDictionary<string, JourneyEvent> journeys, CustomerOrderIndex customerOrders, IReadOnlyList<DefinitionStep> steps, DateTimeOffset to)
    {
        var clicksByInstance = facts.Where(e => e.Kind == JourneyEventKinds.Clicked && e.AgentClass != BotAgent).ToLookup(e => e.InstanceId);
        var reports = new List<SplitReport>();
        foreach (var split in inPeriod.Where(e => e.Kind == JourneyEventKinds.SplitAssigned).GroupBy(e => e.ActivityId))
        {
            var branches = new List<BranchReport>();
            var assignments = split.DistinctBy(e => e.InstanceId)
                .GroupBy(e => e.Detail ?? "?")
                .OrderBy(g => g.Key == "holdout").ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (var branch in assignments)
            {
                var converted = 0;
                var orders = new List<CustomerOrder>();
                foreach (var assignment in branch)
                {
                    var repurchases = Repurchases(assignment, journeys, customerOrders, to);
                    if (repurchases.Count > 0) converted++;
                    orders.AddRange(repurchases);
                }

                branches.Add(new BranchReport
                {
                    Branch = branch.Key,
                    Journeys = branch.Count(),
                    Clicked = branch.Count(a => clicksByInstance[a.InstanceId].Any(c => c.At >= a.At)),
                    Converted = converted,
                    Revenue = Revenue(orders.DistinctBy(o => (o.Provider, o.OrderId))),
                });
            }

            var name = steps.FirstOrDefault(s => s.ActivityId == split.Key)?.Name ?? split.Key;
            reports.Add(new SplitReport { ActivityId = split.Key, Name = name, Branches = branches, Comparisons = BranchComparisons.Compare(branches) });
        }

        return reports;
    }

    /// <summary>The customer's purchases within the experiment window after the split (not the journey's own order).</summary>
    private List<CustomerOrder> Repurchases(JourneyEvent assignment, IReadOnlyDictionary<string, JourneyEvent> journeys, CustomerOrderIndex customerOrders, DateTimeOffset to)
    {
        if (!journeys.TryGetValue(assignment.InstanceId, out var customer)) return [];
        var until = assignment.At + settings.ExperimentWindow;
        return customerOrders.For(customer)
            .Where(o => o.OrderId != customer.MessageKey && o.PurchasedAt > assignment.At && o.PurchasedAt < until && o.PurchasedAt < to)
            .ToList();
    }

    private static IReadOnlyDictionary<string, int> CountBy(IEnumerable<JourneyEvent> events) =>
        events.GroupBy(e => e.Detail ?? "other").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private static IReadOnlyDictionary<string, long> Revenue(IEnumerable<CustomerOrder> orders) =>
        orders.GroupBy(o => o.Currency.ToUpperInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(o => o.TotalMinor));

    private static IReadOnlyList<DailyCount> StartsPerDay(IReadOnlyList<JourneyEvent> inPeriod, DateTimeOffset from, DateTimeOffset to)
    {
        var counts = inPeriod.Where(e => e.Kind == JourneyEventKinds.Started)
            .GroupBy(e => DateOnly.FromDateTime(e.At.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        var days = new List<DailyCount>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime((to - TimeSpan.FromTicks(1)).UtcDateTime); day = day.AddDays(1))
            days.Add(new DailyCount(day, counts.GetValueOrDefault(day)));
        return days;
    }
}
