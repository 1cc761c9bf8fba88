using System.Text.Json.Nodes;
using PostPurchase.Messaging;
using PostPurchase.Persistence.Privacy;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Server.Privacy;

/// <summary>What one erasure did.</summary>
/// <param name="CancelledJourneys">Running or faulted journeys cancelled through the engine.</param>
/// <param name="OutboxFiles">Quick-start <c>.eml</c> files under <c>{Data__Directory}/outbox</c> deleted because they name the customer.</param>
public sealed record ErasureReport(int CancelledJourneys, ErasureCounts Rows, int OutboxFiles)
{
    /// <summary>False when there was nothing left to erase (a repeated request).</summary>
    public bool ErasedAnything => CancelledJourneys + Rows.Total + OutboxFiles > 0;
}

/// <summary>
/// Runs privacy requests: export, and erasure — first the customer's running journeys are cancelled through the engine
/// (by their order's correlation id, which also stops later events for those orders, then any left by instance id),
/// then the stored data is erased (<see cref="CustomerDataErasure"/>), then quick-start outbox emails that name them
/// are deleted. Idempotent: a second request finds nothing and reports zeros.
/// </summary>
public sealed class PrivacyRequests(
    CustomerDataExport export, CustomerDataErasure erasure, WorkflowRuntime runtime, MessagingSettings messaging, ILogger<PrivacyRequests> logger)
{
    public const string CancelReason = "privacy erasure request";

    public Task<JsonObject> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken) => export.ExportAsync(subject, cancellationToken);

    public async Task<ErasureReport> EraseAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var footprint = await erasure.LocateAsync(subject, cancellationToken);
        var cancelled = 0;
        foreach (var correlation in footprint.CorrelationIds)
            cancelled += await runtime.CancelByCorrelationAsync(correlation, CancelReason, cancellationToken);
        foreach (var id in footprint.InstanceIds)
            if (await runtime.CancelAsync(id, CancelReason, cancellationToken))
                cancelled++;

        var rows = await erasure.EraseAsync(subject, cancellationToken);
        var files = DeleteOutboxMail(subject);
        logger.LogInformation("Privacy erasure for {Subject}: {Cancelled} journeys cancelled, {Rows} rows changed, {Files} outbox files deleted",
            subject.Masked, cancelled, rows.Total, files);
        return new ErasureReport(cancelled, rows, files);
    }

    /// <summary>The quick-start outbox (no SMTP configured): .eml files that carry the email or phone are deleted.</summary>
    private int DeleteOutboxMail(PrivacySubject subject)
    {
        if (!Directory.Exists(messaging.OutboxDirectory)) return 0;
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(messaging.OutboxDirectory, "*.eml"))
        {
            try
            {
                var text = File.ReadAllText(path);
                if ((subject.Email is { } email && text.Contains(email, StringComparison.OrdinalIgnoreCase))
                    || (subject.Phone is { } phone && text.Contains(phone, StringComparison.Ordinal)))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Outbox file {Path} could not be checked or deleted during a privacy erasure", path);
            }
        }

        return deleted;
    }
}
