namespace PostPurchase.Workflows.Activities;

/// <summary>
/// The step is set up wrongly (e.g. split percentages that don't add up): trying again can't help, so the engine
/// faults the instance at once with this message as its incident instead of retrying.
/// </summary>
public sealed class ActivityConfigurationException(string message) : Exception(message);
