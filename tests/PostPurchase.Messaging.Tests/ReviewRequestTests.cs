using System.Text.RegularExpressions;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Messaging.Tests;

public sealed class ReviewRequestTests
{
    private static Flow ReviewFlow(string channel = "email", string scale = "stars") => new Flow("review-" + channel + scale)
        .Add("ask", "PostPurchase.ReviewRequest",
            ("channel", Flow.Literal(channel)),
            ("scale", Flow.Literal(scale)),
            ("category", Flow.Literal("transactional")),
            ("subject", Flow.Template("How was the {{ Purchase.Items.0.Name }}?")),
            ("publicReviewUrl", Flow.Literal("https://reviews.example.com/shop")));

    private static string TokenFrom(string text) => Regex.Match(text, @"/review/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Groups[1].Value;

    [Fact]
    public async Task A_five_star_review_resumes_the_waiting_workflow_on_positive()
    {
        await using var host = await MessagingHost.StartAsync();
        var instance = await host.StartAsync(await host.ImportAsync(ReviewFlow()), Purchases.Input(Purchases.Ada()));
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.GetAsync(instance.Id)).SubStatus);

        var mail = Assert.Single(await host.Smtp.WaitForAsync(1)).Parse();
        Assert.Equal("How was the Analytical Engine?", mail.Header("Subject"));
        var token = TokenFrom(mail.Part("text/plain")!.Text);
        Assert.Contains($"https://shop.example.com/review/{token}", mail.Part("text/html")!.Text);

        var result = await host.Get<ReviewService>().SubmitAsync(token, "5", "  Lovely engine  ", default);
        Assert.Equal(SubmitStatus.Stored, result.Status);
        await host.Worker.DrainAsync();

        Assert.Equal("Positive", await host.OutcomeAsync(instance.Id, "ask"));
        var finished = await host.GetAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal(5, finished.State.Outputs["ask"]["Rating"]!.GetValue<int>());
        Assert.Equal("Lovely engine", finished.State.Outputs["ask"]["Comment"]!.GetValue<string>());
        var review = Assert.Single(await host.Reviews.ListReviewsAsync(0, 10));
        Assert.True(review.IsPositive);
        Assert.Equal(instance.Id, review.WorkflowInstanceId);
    }

    [Fact]
    public async Task A_low_nps_score_is_negative_and_a_second_submit_changes_nothing()
    {
        await using var host = await MessagingHost.StartAsync();
        var instance = await host.StartAsync(await host.ImportAsync(ReviewFlow(scale: "nps")), Purchases.Input(Purchases.Ada()));
        var token = TokenFrom(Assert.Single(await host.Smtp.WaitForAsync(1)).Parse().Part("text/plain")!.Text);
        var reviews = host.Get<ReviewService>();

        Assert.Equal(SubmitStatus.Invalid, (await reviews.SubmitAsync(token, "11", null, default)).Status);
        Assert.Equal(SubmitStatus.Stored, (await reviews.SubmitAsync(token, "8", "ok", default)).Status);
        Assert.Equal(SubmitStatus.AlreadySubmitted, (await reviews.SubmitAsync(token, "10", "changed my mind", default)).Status);
        await host.Worker.DrainAsync();

        Assert.Equal("Negative", await host.OutcomeAsync(instance.Id, "ask")); // NPS threshold defaults to 9
        Assert.Equal(8, (await host.Reviews.FindReviewAsync(ReviewService.RequestIdFor($"{instance.Id}:ask:1")))!.Rating);
    }

    [Fact]
    public async Task Without_an_answer_the_request_times_out_as_no_response()
    {
        await using var host = await MessagingHost.StartAsync();
        var instance = await host.StartAsync(await host.ImportAsync(ReviewFlow()), Purchases.Input(Purchases.Ada()));

        await host.AdvanceAsync(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Null(await host.OutcomeAsync(instance.Id, "ask"));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("NoResponse", await host.OutcomeAsync(instance.Id, "ask"));
    }

    [Fact]
    public async Task Sms_channel_sends_the_link_by_sms_and_falls_back_to_email_without_sms_consent()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(ReviewFlow(channel: "sms"));

        var bySms = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));
        var byEmail = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(smsConsent: false)));

        var sms = Assert.Single(host.Twilio.Requests);
        Assert.Matches(@"^Hi Ada, how did we do\? Rate your order: https://shop\.example\.com/review/\S+$", sms.Form["Body"]);
        Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.Contains(await host.NotesAsync(byEmail.Id), n => n.Contains("asking by email instead"));
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.GetAsync(bySms.Id)).SubStatus);
    }

    [Fact]
    public async Task Tampered_or_expired_review_links_are_refused()
    {
        await using var host = await MessagingHost.StartAsync();
        await host.StartAsync(await host.ImportAsync(ReviewFlow()), Purchases.Input(Purchases.Ada()));
        var token = TokenFrom(Assert.Single(await host.Smtp.WaitForAsync(1)).Parse().Part("text/plain")!.Text);
        var reviews = host.Get<ReviewService>();

        var tampered = await reviews.SubmitAsync("x" + token, "5", null, default);
        host.Clock.Advance(TimeSpan.FromDays(61)); // review links live 60 days (Messaging__ReviewLinkDays)
        var expired = await reviews.SubmitAsync(token, "5", null, default);

        Assert.Equal(SubmitStatus.Invalid, tampered.Status);
        Assert.Equal(SubmitStatus.Invalid, expired.Status);
        Assert.Equal("The link has expired.", expired.Error);
        Assert.Empty(await host.Reviews.ListReviewsAsync(0, 10));
    }
}
