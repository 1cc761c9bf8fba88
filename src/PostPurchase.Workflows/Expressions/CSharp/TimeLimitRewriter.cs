using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// Adds a call to <see cref="CSharpGlobals.__Tick"/> at the start of every loop body, labelled statement, local
/// function and block-bodied lambda, so a script spinning in its own code stops at the time limit. It cannot stop a
/// call that blocks inside .NET (a long <c>Thread.Sleep</c>, a slow query): the evaluator stops waiting for those.
/// The statement is added on the same line, so line numbers in errors stay those of the script as written.
/// </summary>
internal sealed class TimeLimitRewriter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax Tick = SyntaxFactory.ParseStatement("__Tick();");

    public static string Rewrite(string script)
    {
        var tree = CSharpSyntaxTree.ParseText(script, new CSharpParseOptions(kind: SourceCodeKind.Script));
        return new TimeLimitRewriter().Visit(tree.GetRoot()).ToFullString();
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) =>
        ((WhileStatementSyntax)base.VisitWhileStatement(node)!) is var visited ? visited.WithStatement(Guard(visited.Statement)) : null;

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) =>
        ((DoStatementSyntax)base.VisitDoStatement(node)!) is var visited ? visited.WithStatement(Guard(visited.Statement)) : null;

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node) =>
        ((ForStatementSyntax)base.VisitForStatement(node)!) is var visited ? visited.WithStatement(Guard(visited.Statement)) : null;

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
        ((ForEachStatementSyntax)base.VisitForEachStatement(node)!) is var visited ? visited.WithStatement(Guard(visited.Statement)) : null;

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.Body is { } body ? visited.WithBody(Prepend(body)) : visited;
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.Body is { } body && !visited.Modifiers.Any(SyntaxKind.StaticKeyword) ? visited.WithBody(Prepend(body)) : visited;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.Block is { } block && !visited.Modifiers.Any(SyntaxKind.StaticKeyword) ? visited.WithBlock(Prepend(block)) : visited;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.Block is { } block && !visited.Modifiers.Any(SyntaxKind.StaticKeyword) ? visited.WithBlock(Prepend(block)) : visited;
    }

    // Types declared in a script cannot reach the globals; their code is left as written.
    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => node;
    public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => node;
    public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => node;
    public override SyntaxNode? VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => node;

    private static StatementSyntax Guard(StatementSyntax visited) =>
        visited is BlockSyntax block
            ? Prepend(block)
            : SyntaxFactory.Block(Tick, visited.WithoutTrivia()).WithLeadingTrivia(visited.GetLeadingTrivia()).WithTrailingTrivia(visited.GetTrailingTrivia());

    private static BlockSyntax Prepend(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Tick));
}
