using Microsoft.Extensions.Logging;

namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Primitives", "Writes a line of text to the server log and the instance journal.", DisplayName = "Write Line")]
public sealed class WriteLine : Activity
{
    [Input(Description = "The text to write.")]
    public Input<string> Text { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var text = await context.GetAsync(Text) ?? "";
        context.Logger.LogInformation("WriteLine {ActivityName}: {Text}", context.ActivityName, text);
        context.AddJournalNote(text);
        return ActivityResult.Done();
    }
}
