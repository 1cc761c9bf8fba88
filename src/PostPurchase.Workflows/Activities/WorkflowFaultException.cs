namespace PostPurchase.Workflows.Activities;

/// <summary>A workflow asked to fault (Elsa.Fault): the instance is faulted at once with this message, without retries.</summary>
public sealed class WorkflowFaultException(string message) : Exception(message);
