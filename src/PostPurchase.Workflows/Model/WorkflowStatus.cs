namespace PostPurchase.Workflows.Model;

/// <summary>Elsa's two-level status: <see cref="WorkflowStatus"/> says whether the instance is done at all.</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}

public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}
