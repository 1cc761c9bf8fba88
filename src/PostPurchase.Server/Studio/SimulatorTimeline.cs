using System.Globalization;
using System.Text;
using PostPurchase.Server.Simulations;
using Channel = PostPurchase.Messaging.Gateway.Channel;
using static PostPurchase.Server.Studio.SimulatorPage;
using static System.FormattableString;

namespace PostPurchase.Server.Studio;

/// <summary>
/// A simulation as a timeline by virtual day: every step with its outcome or the rule that acted (guards), each message
/// rendered (emails in a sandboxed <c>srcdoc</c> frame plus their text part, SMS with segments and encoding) with a
/// "Send me a test" form, how the journey ends, and what a refund on day N would stop.
/// </summary>
public static class SimulatorTimeline
{
    public static string Render(SimulationReport report, SimulatorView view, MessagePreviews previews)
    {
        var html = new StringBuilder("<section id=\"timeline\" aria-label=\"Timeline\">")
            .Append(Invariant($"<p class=\"summary\"><strong>{Encode(report.DefinitionId)} v{report.Version}</strong> · order {Encode(report.OrderId)} · "))
            .Append(Invariant($"{report.Steps.Count} steps · {report.ElapsedMilliseconds:0.#} ms</p>"));

        var messageIndex = 0;
        foreach (var day in report.Steps.GroupBy(s => (int)Math.Floor(s.Day)))
        {
            html.Append(Invariant($"<section class=\"day\" data-day=\"{day.Key}\"><h2>Day {day.Key}</h2><ol>"));
            foreach (var step in day)
                html.Append(step.Kind == "message" ? Message(step, messageIndex++, view, previews) : Activity(step, view));
            html.Append("</ol></section>");
        }

        html.Append($"<p class=\"exit\" id=\"journey-end\">Journey ends: <strong>{Encode(Ending(report.Status))}</strong></p>");
        return html.Append(Refunds(report, view)).Append("</section>").ToString();
    }

    private static string Activity(SimulationStep step, SimulatorView view)
    {
        var what = step.Event switch
        {
            "Completed" => step.Outcome is { Length: > 0 } outcome ? "→ " + outcome : "done",
            "Suspended" => "waits",
            "Faulted" => "failed",
            _ => "note",
        };
        var rule = step.Rule is { Length: > 0 } r ? $" <span class=\"rule\">{Encode(r)}</span>" : "";
        return $"<li class=\"step activity {Encode(step.Event?.ToLowerInvariant())}\" data-activity=\"{Encode(step.ActivityId)}\">{At(step)} " +
               $"<strong>{Encode(Name(step.ActivityId, view))}</strong> <small>{Encode(step.ActivityType)}</small> <span class=\"what\">{Encode(what)}</span>{rule}</li>";
    }

    private static string Message(SimulationStep step, int index, SimulatorView view, MessagePreviews previews)
    {
        var html = new StringBuilder(Invariant($"<li class=\"step message {Encode(step.Channel)}\" data-activity=\"{Encode(step.ActivityId)}\" data-message=\"{index}\">"))
            .Append(At(step))
            .Append($" <span class=\"badge {Encode(step.Status?.ToLowerInvariant())}\">{Encode(step.Status)}</span> ")
            .Append($"<strong>{Encode(step.Channel == "sms" ? "SMS" : "Email")}</strong> ({Encode(step.Category)}) from <em>{Encode(Name(step.ActivityId, view))}</em> to {Encode(step.To ?? "no address")}")
            .Append(step.Rule is { Length: > 0 } rule ? $" <span class=\"rule\">{Encode(rule)}</span>" : "");

        if (step.Channel == "sms")
        {
            var sms = MessagePreviews.Sms(step.Body ?? "");
            html.Append($"<pre class=\"sms-body\">{Encode(sms.Body)}</pre>")
                .Append(Invariant($"<p class=\"segments\">{sms.Segments} segment{(sms.Segments == 1 ? "" : "s")} ({sms.Encoding}, {(step.Body ?? "").Length} characters)</p>"));
        }
        else
        {
            var email = previews.Email(step);
            html.Append($"<p class=\"subject\">Subject: <strong>{Encode(email.Subject)}</strong></p>")
                .Append($"<iframe class=\"email\" sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"Email: {Encode(email.Subject)}\" srcdoc=\"{Encode(email.Html)}\"></iframe>")
                .Append($"<details class=\"text-part\"><summary>Text part</summary><pre>{Encode(email.Text)}</pre></details>");
        }

        return html.Append(TestForm(step, index, view)).Append("</li>").ToString();
    }

    private static string TestForm(SimulationStep step, int index, SimulatorView view)
    {
        if (!view.CanRun) return "";
        var channel = step.Channel == "sms" ? Channel.Sms : Channel.Email;
        var recipients = view.Recipients.Where(r => r.Channel == channel).ToList();
        if (recipients.Count == 0)
            return $"<p class=\"note\">Send me a test: no {(channel == Channel.Sms ? "phone number" : "email address")} is set for you (see docs/studio.md).</p>";
        var html = new StringBuilder("<form method=\"post\" action=\"/studio/simulator/test-send\" class=\"test-send\">")
            .Append(HiddenRunFields(view.Form, includePayload: true))
            .Append(Invariant($"<input type=\"hidden\" name=\"message\" value=\"{index}\">"))
            .Append("<label>To <select name=\"to\">");
        foreach (var recipient in recipients) html.Append(Option(recipient.Address, $"{recipient.Address} ({recipient.Source})", false));
        return html.Append("</select></label><button type=\"submit\">Send me a test</button></form>").ToString();
    }

    /// <summary>A refund cancels the journey when it arrives: every message after that moment is not sent.</summary>
    private static string Refunds(SimulationReport report, SimulatorView view)
    {
        var sent = report.Steps.Where(s => s.Kind == "message" && s.Status == "Sent").ToList();
        if (sent.Count == 0) return "";
        var html = new StringBuilder("<section id=\"refunds\"><h2>What a refund would stop</h2>")
            .Append("<p>A refund or dispute cancels the journey when it arrives; what was sent stays sent, nothing after it goes out.</p>")
            .Append("<table><thead><tr><th scope=\"col\">Refund on day</th><th scope=\"col\">Would stop</th></tr></thead><tbody>");
        foreach (var day in new[] { 0 }.Concat(sent.Select(s => (int)Math.Floor(s.Day))).Distinct().Order())
        {
            var stopped = sent.Where(s => s.Day > day).ToList();
            if (stopped.Count == 0) continue;
            var list = string.Join(", ", stopped.Select(s => Invariant($"{Encode(Name(s.ActivityId, view))} ({Encode(s.Channel)}, day {s.Day:0.##})")));
            html.Append(Invariant($"<tr data-refund-day=\"{day}\"><td>{day}</td><td>{stopped.Count} message{(stopped.Count == 1 ? "" : "s")}: {list}</td></tr>"));
        }

        return html.Append("</tbody></table></section>").ToString();
    }

    private static string At(SimulationStep step) =>
        $"<span class=\"at\">day {step.Day.ToString("0.00", CultureInfo.InvariantCulture)} · {step.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</span>";

    private static string Name(string? activityId, SimulatorView view) =>
        activityId is null ? "" : view.StepNames.TryGetValue(activityId, out var name) ? name : activityId;

    private static string Ending(string status) => status switch
    {
        "Finished" => "finished (every path reached its end)",
        "Cancelled" => "cancelled",
        "Faulted" => "faulted (see the failed step)",
        "Waiting" => "still waiting when the simulated days ran out",
        _ => status,
    };
}
