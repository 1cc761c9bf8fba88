using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Activities.Http;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Expressions.CSharp;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Definitions only an admin may save, publish or import (through the API; files in <c>workflows/</c> are trusted):
/// while <c>Scripting__CSharp__Enabled=true</c>, one that runs C#; while <c>HttpRequests__AllowPrivateAddresses=true</c>,
/// one whose HTTP request targets a private, loopback or link-local address — an IP literal in such a range,
/// <c>localhost</c>, a single-label name (<c>intranet</c>) or a <c>.local</c>/<c>.internal</c>/<c>.lan</c>/
/// <c>.home.arpa</c> name — or whose URL comes from an expression (it could name any address). A public-looking name
/// that DNS resolves to a private address is not detected here.
/// </summary>
public sealed class PrivilegedDefinitions(CSharpOptions csharp, OutboundHttpOptions http)
{
    private static readonly string[] InternalSuffixes = [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet"];

    /// <summary>Why <paramref name="document"/> needs an admin (empty when anyone allowed to edit may save it).</summary>
    public IReadOnlyList<string> Reasons(JsonObject document)
    {
        var reasons = new List<string>();
        if (csharp.Enabled)
            reasons.AddRange(CSharpUses.Find(document).Select(use => $"{use} runs C#"));
        if (!http.AllowPrivateAddresses) return reasons;
        foreach (var activity in DefinitionActivities.All(document))
        {
            if ((activity["type"] as JsonValue)?.ToString()?.EndsWith("SendHttpRequest", StringComparison.Ordinal) != true) continue;
            var expression = ReadUrl(activity["url"]);
            if (expression is null) continue;
            var location = $"root.activities[{DefinitionActivities.NameOf(activity)}].Url";
            if (expression.Type != ExpressionTypes.Literal)
                reasons.Add($"{location} is computed by a {expression.Type} expression, which may name a private address");
            else if (IsPrivateTarget(expression.Text))
                reasons.Add($"{location} calls a private address ({expression.Text})");
        }

        return reasons;
    }

    /// <summary>Throws <see cref="ForbiddenException"/> unless <paramref name="user"/> is an admin or the definition needs none.</summary>
    public void EnsureAllowed(ClaimsPrincipal user, JsonObject document)
    {
        if (StudioRoles.Allows(user, StudioRoles.Admin)) return;
        var reasons = Reasons(document);
        if (reasons.Count > 0)
            throw new ForbiddenException($"Only an admin may save this definition: {string.Join("; ", reasons)}.");
    }

    /// <summary>Whether a literal URL's host is internal (an unparsable URL calls nothing and is left to validation).</summary>
    public static bool IsPrivateTarget(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return false;
        var host = uri.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host, out var address)) return OutboundHttpClient.IsInternal(address);
        return host == "localhost" || !host.Contains('.') || InternalSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal));
    }

    private static Expression? ReadUrl(JsonNode? input)
    {
        try
        {
            return PostPurchase.Workflows.Descriptors.ActivityFactory.ReadExpression(input);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null; // an unreadable input is refused by validation
        }
    }
}

/// <summary>The signed-in principal may not do this; becomes a 403 with a message.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
