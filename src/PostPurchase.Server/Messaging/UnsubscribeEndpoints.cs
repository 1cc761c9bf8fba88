using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Server.Messaging;

/// <summary>
/// <c>GET /unsubscribe/{token}</c> shows a confirm button (link scanners follow GETs, so a GET never unsubscribes);
/// <c>POST /unsubscribe/{token}</c> unsubscribes: the RFC 8058 one-click POST from a mail client, or the button.
/// </summary>
internal static class UnsubscribeEndpoints
{
    public static void MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/unsubscribe/{token}", (HttpContext http, string token, UnsubscribeService unsubscribe, TimeProvider clock) =>
        {
            HtmlPage.Secure(http);
            if (unsubscribe.AddressFor(token, clock.GetUtcNow(), out var error) is not { } address)
                return HtmlPage.Error("Unsubscribe", error);
            return HtmlPage.Render("Unsubscribe", $"""
                <p>Stop marketing emails to <strong>{HtmlPage.Encode(Addresses.Mask(address))}</strong>? You will still get receipts and shipping updates.</p>
                <form method="post"><input type="hidden" name="source" value="page"><button type="submit">Unsubscribe</button></form>
                """);
        }).ExcludeFromDescription();

        app.MapPost("/unsubscribe/{token}", async (HttpContext http, string token, UnsubscribeService unsubscribe, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            HtmlPage.Secure(http);
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : null;
            var source = form is not null && form["List-Unsubscribe"].ToString() == "One-Click" ? "one-click" : "unsubscribe-page";
            var (ok, address, error) = await unsubscribe.UnsubscribeAsync(token, source, clock.GetUtcNow(), cancellationToken);
            return ok
                ? HtmlPage.Render("You're unsubscribed", $"<p role=\"status\">We won't send marketing emails to <strong>{HtmlPage.Encode(Addresses.Mask(address))}</strong> any more.</p>")
                : HtmlPage.Error("Unsubscribe", error);
        }).ExcludeFromDescription().DisableAntiforgery();
    }
}
