namespace PostPurchase.Workflows.Activities;

/// <summary>Type names of Elsa's core activities, which we implement under the same names so Elsa exports load.</summary>
public static class CoreActivityTypes
{
    public const string Flowchart = "Elsa.Flowchart";
    public const string Start = "Elsa.Start";
    public const string End = "Elsa.End";
    public const string FlowJoin = "Elsa.FlowJoin";
    public const string NotFound = "Elsa.NotFoundActivity";
}
