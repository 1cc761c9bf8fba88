namespace PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// Settings of C# scripts (<c>Scripting__CSharp__*</c>): the <c>CSharp</c> expression type and <c>Elsa.RunCSharp</c>.
/// C# runs arbitrary .NET code with the server's privileges, so it is off unless enabled; while it is off a definition
/// using it is refused at save and import, and one stored earlier faults the step that uses it.
/// </summary>
public sealed class CSharpOptions
{
    /// <summary>Allow C# in definitions (<c>Scripting__CSharp__Enabled</c>, default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>Wall-clock limit of one evaluation (<c>Scripting__CSharp__TimeoutSeconds</c>, default 5 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
