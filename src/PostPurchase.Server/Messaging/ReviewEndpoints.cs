using System.Text;
using PostPurchase.Messaging;
using PostPurchase.Messaging.Reviews;

namespace PostPurchase.Server.Messaging;

/// <summary>The hosted review page: <c>GET /review/{token}</c> shows the form, <c>POST</c> stores the answer and wakes the journey.</summary>
internal static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/review/{token}", async (HttpContext http, string token, ReviewService reviews, SenderIdentity sender, CancellationToken cancellationToken) =>
        {
            HtmlPage.Secure(http);
            var (request, error) = await reviews.OpenAsync(token, cancellationToken);
            return request is null ? Unusable(error, sender) : Form(request, null);
        }).ExcludeFromDescription();

        app.MapPost("/review/{token}", async (HttpContext http, string token, ReviewService reviews, SenderIdentity sender, CancellationToken cancellationToken) =>
        {
            HtmlPage.Secure(http);
            var (request, error) = await reviews.OpenAsync(token, cancellationToken);
            if (request is null) return Unusable(error, sender);
            if (!http.Request.HasFormContentType) return Form(request, "Please choose a rating.", 400);

            var form = await http.Request.ReadFormAsync(cancellationToken);
            var result = await reviews.SubmitAsync(token, form["rating"], form["comment"], cancellationToken);
            if (result.Status == SubmitStatus.Invalid) return Form(request, result.Error, 400);

            var review = result.Review!;
            var body = new StringBuilder("<p role=\"status\">Thank you! Your feedback helps us get better.</p>");
            if (review.IsPositive && request.PublicReviewUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
                body.Append($"<p>Would you share it publicly too? <a href=\"{HtmlPage.Encode(uri.AbsoluteUri)}\" rel=\"noopener\">Write a public review</a></p>");
            return HtmlPage.Render("Thanks for your review", body.ToString());
        }).ExcludeFromDescription().DisableAntiforgery();
    }

    /// <summary>400 for a link that is not ours; 410 Gone, kindly, for a genuine link past its (long) lifetime.</summary>
    private static IResult Unusable(string error, SenderIdentity sender) => !ReviewService.IsGone(error)
        ? HtmlPage.Error("Rate your order", error)
        : HtmlPage.Render("This review link has expired", $"""
            <p role="status">Sorry, this review link is too old to use now: links stay open for a couple of months, and this one has closed.</p>
            <p>We would still love to hear from you. Write to <a href="mailto:{HtmlPage.Encode(sender.SupportEmail)}">{HtmlPage.Encode(sender.SupportEmail)}</a>
            and a real person at {HtmlPage.Encode(sender.StoreName)} will read it.</p>
            """, StatusCodes.Status410Gone);

    private static IResult Form(PostPurchase.Messaging.Reviews.ReviewRequestRecord request, string? error, int statusCode = 200)
    {
        var (min, max) = ReviewService.Range(request.Scale);
        var stars = request.Scale == ReviewScale.Stars;
        var question = stars
            ? "How would you rate your order?"
            : "How likely are you to recommend us to a friend or colleague?";
        var options = new StringBuilder();
        for (var value = min; value <= max; value++)
        {
            var label = stars ? new string('★', value) : value.ToString();
            var spoken = stars ? $"{value} star{(value == 1 ? "" : "s")} out of 5" : $"{value} out of 10";
            options.Append($"<input type=\"radio\" id=\"r{value}\" name=\"rating\" value=\"{value}\" required><label for=\"r{value}\" aria-label=\"{spoken}\" title=\"{spoken}\">{label}</label>");
        }

        var ends = stars ? "" : "<div class=\"ends\" aria-hidden=\"true\"><span>Not likely</span><span>Very likely</span></div>";
        var greeting = request.CustomerName is { } name ? $"<p>Hi {HtmlPage.Encode(name)}, thanks for your order.</p>" : "";
        var errorHtml = error is null ? "" : $"<p class=\"error\" role=\"alert\">{HtmlPage.Encode(error)}</p>";
        return HtmlPage.Render("Rate your order", $"""
            {greeting}{errorHtml}
            <form method="post">
            <fieldset><legend>{question}</legend>
            <div class="scale{(stars ? " stars" : "")}">{options}</div>{ends}
            </fieldset>
            <p><label for="comment">Anything you'd like to tell us? (optional)</label><br>
            <textarea id="comment" name="comment" maxlength="{ReviewService.MaxCommentLength}"></textarea></p>
            <button type="submit">Send</button>
            </form>
            """, statusCode);
    }
}
