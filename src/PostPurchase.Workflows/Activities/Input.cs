using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Activities;

/// <summary>
/// An activity input: an expression from the definition, evaluated on demand with
/// <see cref="ActivityExecutionContext.GetAsync{T}(Input{T})"/>. A missing input evaluates to its default.
/// </summary>
public sealed class Input<T> : IBoundInput
{
    public Input() { }

    public Input(T literal) => Expression = Expression.Literal(literal);

    public Input(Expression expression) => Expression = expression;

    public Expression? Expression { get; set; }

    /// <summary>The property name this input is bound to (set by the engine).</summary>
    public string Name { get; internal set; } = "";

    void IBoundInput.Bind(Expression? expression, string name) => (Expression, Name) = (expression, name);
}

/// <summary>An activity output. Its value is stored per activity and copied to a bound variable, if any.</summary>
public sealed class Output<T> : IBoundOutput
{
    public string Name { get; internal set; } = "";

    /// <summary>Variable id or name this output is written to (from the definition's <c>memoryReference</c>).</summary>
    public string? VariableId { get; set; }

    void IBoundOutput.Bind(string? variableId, string name) => (VariableId, Name) = (variableId, name);
}

/// <summary>
/// How the engine binds an <see cref="Input{T}"/> of any T to its node, without reflection on every execution
/// (reflection on the generic types re-generated invoke stubs, which the JIT compiled again and again under load).
/// </summary>
internal interface IBoundInput
{
    void Bind(Expression? expression, string name);
}

/// <summary>How the engine binds an <see cref="Output{T}"/> of any T to its node (see <see cref="IBoundInput"/>).</summary>
internal interface IBoundOutput
{
    void Bind(string? variableId, string name);
}
