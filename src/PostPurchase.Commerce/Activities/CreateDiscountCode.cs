using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Discounts;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Commerce.Activities;

/// <summary>
/// A discount code for this customer: a single-use Stripe promotion code when Stripe is configured (Stripe__ApiKey and
/// Stripe__CouponId), otherwise — or when Stripe cannot be reached — the configured code. Never stalls the journey.
/// </summary>
[Activity("PostPurchase", "Commerce", "Creates a single-use discount code (Stripe promotion code) or uses the configured one.", DisplayName = "Discount Code")]
public sealed class CreateDiscountCode(IDiscountCodes codes) : Activity
{
    private const string ResultKey = "code";

    [Input(Description = "The code used when Stripe is not configured or fails (Handlebars), e.g. {{ Store.DiscountCode }}.", DefaultSyntax = "Handlebars", DefaultValue = "{{ Store.DiscountCode }}", Order = 1)]
    public Input<string> FallbackCode { get; set; } = new();

    [Input(Description = "Start of generated codes (letters and digits).", DefaultValue = "THANKS", Order = 2)]
    public Input<string> Prefix { get; set; } = new();

    [Input(DisplayName = "Valid days", Description = "How long a generated code can be redeemed.", DefaultValue = 14, Order = 3)]
    public Input<int?> ValidDays { get; set; } = new();

    [Output(Description = "The discount code to show the customer.")]
    public Output<string> Code { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.ActivityState[ResultKey]?.GetValue<string>() is { } kept) return Done(context, kept);

        var fallback = (await context.GetAsync(FallbackCode))?.Trim() ?? "";
        if (context.IsSimulation || !codes.IsConfigured) return Done(context, Remember(context, fallback));

        var prefix = new string(((await context.GetAsync(Prefix)) ?? "THANKS").Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        var code = $"{prefix}-{Suffix(context.IdempotencyKey)}";
        try
        {
            var created = await codes.CreateSingleUseAsync(code, context.Now.AddDays(await context.GetAsync(ValidDays) ?? 14), context.IdempotencyKey, context.CancellationToken);
            context.AddJournalNote("Discount code: single-use Stripe promotion code created", new JsonObject { ["code"] = created });
            return Done(context, Remember(context, created));
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !context.CancellationToken.IsCancellationRequested)
        {
            context.AddJournalNote($"Discount code: Stripe failed ({ex.Message}); using the configured code");
            return Done(context, Remember(context, fallback));
        }
    }

    private static string Remember(ActivityExecutionContext context, string code)
    {
        context.ActivityState[ResultKey] = code;
        return code;
    }

    private ActivityResult Done(ActivityExecutionContext context, string code)
    {
        context.Set(Code, code);
        return ActivityResult.Done();
    }

    /// <summary>Eight characters derived from the step's idempotency key: the same step always asks for the same code.</summary>
    private static string Suffix(string idempotencyKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..8];
}
