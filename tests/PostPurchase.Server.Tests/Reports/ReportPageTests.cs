using PostPurchase.Engagement.Reports;
using PostPurchase.Server.Reports;

namespace PostPurchase.Server.Tests.Reports;

public sealed class ReportPageTests
{
    private static readonly ReportPeriod Period = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Step_and_journey_names_are_html_escaped()
    {
        var html = ReportPage.Report(Report(steps: [Step("<script>alert(1)</script>", sent: 1)], name: "Journey & <b>friends</b>"), Period);

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>friends", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Journey &amp; &lt;b&gt;friends&lt;/b&gt;", html);
    }

    [Fact]
    public void A_comparison_that_is_not_significant_is_marked_so()
    {
        var split = new SplitReport
        {
            ActivityId = "split1", Name = "Copy test",
            Branches = [new BranchReport { Branch = "ai", Journeys = 40, Converted = 4 }, new BranchReport { Branch = "static", Journeys = 40, Converted = 6 }],
            Comparisons =
            [
                Comparison("conversion rate: no significant difference between static and ai yet (15.0 % vs 10.0 %, p = 0.5)", significant: false),
                Comparison("click rate: static clicks better than ai (60.0 % vs 20.0 %, p = 0.001)", significant: true),
            ],
        };

        var html = ReportPage.Report(Report(splits: [split]), Period);

        Assert.Contains("<span class=\"badge pending\">not yet significant</span> conversion rate: no significant difference", html);
        Assert.Contains("<span class=\"badge significant\">significant</span> click rate: static clicks better than ai", html);
        Assert.Contains("<td>10.0 %</td>", html);
        Assert.Contains("<td>15.0 %</td>", html);
    }

    [Fact]
    public void Revenue_is_shown_per_currency_in_major_units()
    {
        Assert.Equal("EUR 1,234.50", MoneyText.Format("EUR", 123450));
        Assert.Equal("JPY 1,500", MoneyText.Format("jpy", 1500));
        Assert.Equal("USD 0.05", MoneyText.Format("USD", 5));
        Assert.Equal("–", MoneyText.Format(new Dictionary<string, long>()));

        var steps = new[]
        {
            Step("Offer email", sent: 10, revenue: new Dictionary<string, long> { ["EUR"] = 100000, ["USD"] = 999 }),
            Step("Reminder SMS", sent: 5, revenue: new Dictionary<string, long> { ["EUR"] = 23450 }),
        };
        var html = ReportPage.Report(Report(steps: steps), Period);

        Assert.Contains("Attributed revenue<strong>EUR 1,234.50, USD 9.99</strong>", html);
        Assert.Contains("<td>EUR 1,000.00, USD 9.99</td>", html);
        Assert.Contains("Messages sent<strong>15</strong>", html);
    }

    [Fact]
    public void Every_step_column_is_shown_with_reasons_and_the_windows_in_words()
    {
        var step = Step("Offer email", sent: 7) with
        {
            Suppressed = new Dictionary<string, int> { ["unsubscribed"] = 2, ["no consent"] = 1 },
            Deferred = new Dictionary<string, int> { ["quiet hours"] = 4 },
            Opened = 5, AiGenerated = 6, AiFallback = 1, AiTokens = 12345, SmsSegments = 0, Reviews = 2, AverageRating = 4.5,
        };

        var html = ReportPage.Report(Report(steps: [step]), Period);

        foreach (var column in new[] { "Entered", "Suppressed", "Deferred", "Delivered", "Opened (approx.)", "Bot clicks", "Average rating", "AI generated", "AI fallback", "AI tokens", "SMS segments" })
            Assert.Contains($"<th scope=\"col\">{column}</th>", html);
        Assert.Contains("<td>3<small>no consent 1 · unsubscribed 2</small></td>", html);
        Assert.Contains("<td>4<small>quiet hours 4</small></td>", html);
        Assert.Contains("<td>12,345</td>", html);
        Assert.Contains("<td>4.5</td>", html);
        Assert.Contains("last clicked within\n7 days before it, or else to the one they last opened within 1 day before it", html.Replace("\r", ""));
        Assert.Contains("value=\"2026-11-30\"", html); // the form's inclusive last day
        Assert.Contains("class=\"chart funnel\"", html);
    }

    [Fact]
    public void Durations_read_as_words()
    {
        Assert.Equal("7 days", ReportPage.InWords(TimeSpan.FromDays(7)));
        Assert.Equal("1 day", ReportPage.InWords(TimeSpan.FromDays(1)));
        Assert.Equal("36 hours", ReportPage.InWords(TimeSpan.FromHours(36)));
        Assert.Equal("90 minutes", ReportPage.InWords(TimeSpan.FromMinutes(90)));
    }

    private static StepReport Step(string name, int sent, IReadOnlyDictionary<string, long>? revenue = null) => new()
    {
        ActivityId = "step-" + name.Length, Name = name, Type = "PostPurchase.SendEmail", Entered = sent, Sent = sent,
        Revenue = revenue ?? new Dictionary<string, long>(),
    };

    private static BranchComparison Comparison(string verdict, bool significant) => new()
    {
        Metric = "conversion rate", BranchA = "ai", BranchB = "static", RateA = 0.1, RateB = 0.15, Z = 0.5, PValue = significant ? 0.001 : 0.5,
        Significant = significant, Verdict = verdict,
    };

    private static JourneyReport Report(IReadOnlyList<StepReport>? steps = null, IReadOnlyList<SplitReport>? splits = null, string name = "Post-purchase") => new()
    {
        DefinitionId = "journey", Name = name, From = Period.From, To = Period.To, JourneysStarted = 3,
        Steps = steps ?? [], Splits = splits ?? [],
        StartsPerDay = [new DailyCount(new DateOnly(2026, 11, 1), 3)],
        Windows = new AttributionWindows(TimeSpan.FromDays(7), TimeSpan.FromDays(1)),
    };
}
