using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Activities;

/// <summary>
/// An activity input: an expression from the definition, evaluated on demand with
/// <see cref="ActivityExecutionContext.GetAsync{T}(Input{T})"/>. A missing input evaluates to its default.
/// </summary>
public sealed class Input<T>
{
    public Input() { }

    public Input(T literal) => Expression = Expression.Literal(literal);

    public Input(Expression expression) => Expression = expression;

    public Expression? Expression { get; set; }

    /// <summary>The property name this input is bound to (set by the engine).</summary>
    public string Name { get; internal set; } = "";
}

/// <summary>An activity output. Its value is stored per activity and copied to a bound variable, if any.</summary>
public sealed class Output<T>
{
    public string Name { get; internal set; } = "";

    /// <summary>Variable id or name this output is written to (from the definition's <c>memoryReference</c>).</summary>
    public string? VariableId { get; set; }
}
