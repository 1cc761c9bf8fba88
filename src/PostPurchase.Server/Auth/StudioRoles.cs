using System.Security.Claims;

namespace PostPurchase.Server.Auth;

/// <summary>
/// The three Studio roles, each including the ones below it: <b>admin</b> (users, API keys, settings) ⊃ <b>editor</b>
/// (edit, test, simulate, publish journeys; cancel and retry instances) ⊃ <b>viewer</b> (reports and instances, read-only).
/// The role is a <see cref="ClaimTypes.Role"/> claim on every authenticated principal.
/// </summary>
public static class StudioRoles
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Editor, Viewer];

    /// <summary>The canonical role name for <paramref name="text"/> (case-insensitive), or null when it is none of the three.</summary>
    public static string? Parse(string? text) => All.FirstOrDefault(r => string.Equals(r, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a principal holding <paramref name="held"/> may do what needs <paramref name="required"/>.</summary>
    public static bool Allows(string? held, string required) => Rank(held) >= Rank(required) && Rank(required) > 0;

    public static bool Allows(ClaimsPrincipal user, string required) => Allows(user.FindFirstValue(ClaimTypes.Role), required);

    private static int Rank(string? role) => role switch
    {
        Admin => 3,
        Editor => 2,
        Viewer => 1,
        _ => 0,
    };
}
