using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Persistence.Security;

namespace PostPurchase.Persistence.Privacy;

/// <summary>Rows changed by one erasure, per table. An erasure of a customer with nothing left reports all zeros.</summary>
public sealed record ErasureCounts(
    int WorkflowInstances, int JournalEntries, int QueuedWork, int CustomerOrders, int SendRecords, int ConsentChanges,
    int ReviewRequests, int Reviews, int JourneyEvents, int TrackedLinks, int InboxEvents, int CancelledCorrelations, int AuditEntries)
{
    public int Total => WorkflowInstances + JournalEntries + QueuedWork + CustomerOrders + SendRecords + ConsentChanges + ReviewRequests
        + Reviews + JourneyEvents + TrackedLinks + InboxEvents + CancelledCorrelations + AuditEntries;
}

/// <summary>
/// Erasure (GDPR Art. 17, CCPA deletion) of one customer's data in one transaction, on SQLite and PostgreSQL. Journeys
/// must be cancelled first (the caller does it through the engine). Then: the email, phone and names are blanked in
/// journey state, names and journals, in message subjects and details, refund notes and audit entries; review comments
/// and the name on review requests are removed; queued work for them and their tracked links are deleted. Rows that
/// reports count stay: orders, message records and engagement facts keep their figures, with the email, phone and
/// provider customer id replaced by pseudonyms that are random per erasure (so conversions still match within the
/// erased history, but nothing links it to a later purchase). The suppression list keeps only the keyed hash of each
/// address (<see cref="SuppressionHash"/>), so an erased customer who opted out is still never sent marketing.
/// </summary>
public sealed class CustomerDataErasure(IDbContextFactory<PostPurchaseDbContext> contexts, SuppressionHash hashes)
{
    private const int MaxRevisionRetries = 5;

    /// <summary>Where the customer's data is now (their journeys, to cancel before erasing).</summary>
    public async Task<CustomerFootprint> LocateAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CustomerFootprint.LocateAsync(db, subject, cancellationToken);
    }

    public async Task<ErasureCounts> EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var footprint = await CustomerFootprint.LocateAsync(db, subject, cancellationToken);
        var terms = footprint.Terms;
        var pseudonyms = new Pseudonyms();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var instances = await EraseInstancesAsync(db, footprint, cancellationToken);

        var journal = 0;
        foreach (var row in await footprint.JournalRows(db).ToListAsync(cancellationToken))
            if (Changed(terms.Redact(row.Message), row.Message, v => row.Message = v) | Changed(terms.RedactJson(row.Payload), row.Payload, v => row.Payload = v))
                journal++;

        var work = await footprint.WorkItemsAsync(db, cancellationToken);
        db.RemoveRange(work);

        var orders = 0;
        foreach (var row in (await footprint.OrderRows(db).ToListAsync(cancellationToken)).Where(o => footprint.Orders.Contains((o.Provider, o.OrderId))))
            if (Changed(pseudonyms.For(row.Email), row.Email, v => row.Email = v) | Changed(pseudonyms.For(row.ProviderCustomer), row.ProviderCustomer, v => row.ProviderCustomer = v))
                orders++;

        var sends = 0;
        foreach (var row in await footprint.SendRecordRows(db).ToListAsync(cancellationToken))
        {
            var recipient = footprint.Emails.Contains(row.Recipient) || footprint.Phones.Contains(row.Recipient) ? pseudonyms.For(row.Recipient)! : terms.Redact(row.Recipient)!;
            if (Changed(recipient, row.Recipient, v => row.Recipient = v!) | Changed(terms.Redact(row.Subject), row.Subject, v => row.Subject = v)
                | Changed(terms.Redact(row.Detail), row.Detail, v => row.Detail = v))
                sends++;
        }

        var consent = 0;
        foreach (var row in await footprint.ConsentRows(db).ToListAsync(cancellationToken))
        {
            row.Address = hashes.For((Channel)row.Channel, row.Address);
            consent++;
        }

        var requests = 0;
        foreach (var row in await footprint.ReviewRequestRows(db).Where(r => r.CustomerName != null).ToListAsync(cancellationToken))
        {
            row.CustomerName = null;
            requests++;
        }

        var reviews = 0;
        foreach (var row in await footprint.ReviewRows(db).Where(r => r.Comment != null).ToListAsync(cancellationToken))
        {
            row.Comment = null; // the customer's own words: removed, the rating stays for the report
            reviews++;
        }

        var events = 0;
        foreach (var row in await footprint.JourneyEventRows(db).ToListAsync(cancellationToken))
            if (Changed(pseudonyms.For(row.CustomerEmail), row.CustomerEmail, v => row.CustomerEmail = v) | Changed(pseudonyms.For(row.CustomerId), row.CustomerId, v => row.CustomerId = v)
                | Changed(terms.Redact(row.Detail), row.Detail, v => row.Detail = v))
                events++;

        var links = await footprint.TrackedLinkRows(db).ToListAsync(cancellationToken);
        db.RemoveRange(links);

        var inbox = 0;
        foreach (var row in await footprint.InboxRows(db).ToListAsync(cancellationToken))
            if (Changed(terms.Redact(row.Note), row.Note, v => row.Note = v)) inbox++;

        var correlations = 0;
        foreach (var row in await footprint.CancelledCorrelationRows(db).ToListAsync(cancellationToken))
            if (Changed(terms.Redact(row.Reason), row.Reason, v => row.Reason = v)) correlations++;

        var audit = await EraseAuditMentionsAsync(db, subject, terms, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasureCounts(instances, journal, work.Count, orders, sends, consent, requests, reviews, events, links.Count, inbox, correlations, audit);
    }

    /// <summary>Instance state and name, guarded by the revision like every engine write (redone on a concurrent change).</summary>
    private static async Task<int> EraseInstancesAsync(PostPurchaseDbContext db, CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var id in footprint.InstanceIds)
        {
            for (var attempt = 0; ; attempt++)
            {
                var row = await db.Set<Workflows.InstanceRow>().AsNoTracking().Where(i => i.Id == id)
                    .Select(i => new { i.State, i.Name, i.Revision }).FirstOrDefaultAsync(cancellationToken);
                if (row is null) break;
                string state = footprint.Terms.RedactJson(row.State)!, name = footprint.Terms.Redact(row.Name)!;
                if (state == row.State && name == row.Name) break;
                var updated = await db.Set<Workflows.InstanceRow>().Where(i => i.Id == id && i.Revision == row.Revision)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, state).SetProperty(i => i.Name, name).SetProperty(i => i.Revision, row.Revision + 1), cancellationToken);
                if (updated == 1)
                {
                    changed++;
                    break;
                }

                if (attempt >= MaxRevisionRetries) throw new InvalidOperationException($"Instance {id} kept changing during the erasure; try again.");
            }
        }

        return changed;
    }

    /// <summary>Audit entries whose target or detail carries the email or phone (a staff consent change, say).</summary>
    private static async Task<int> EraseAuditMentionsAsync(PostPurchaseDbContext db, PrivacySubject subject, PersonalDataTerms terms, CancellationToken cancellationToken)
    {
        var email = subject.Email is { } e ? CustomerFootprint.SearchFragment(e) : null;
        var digits = subject.PhoneDigits;
        var rows = await db.Set<AuditEntryRow>()
            .Where(a => (email != null && (a.Target.ToLower().Contains(email) || (a.Detail != null && a.Detail.ToLower().Contains(email))))
                || (digits != null && (a.Target.Contains(digits) || (a.Detail != null && a.Detail.Contains(digits)))))
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var row in rows)
            if (Changed(terms.Redact(row.Target), row.Target, v => row.Target = v!) | Changed(terms.Redact(row.Detail), row.Detail, v => row.Detail = v))
                changed++;
        return changed;
    }

    private static bool Changed(string? value, string? current, Action<string?> set)
    {
        if (value == current) return false;
        set(value);
        return true;
    }

    /// <summary>Stand-ins that keep equal values equal within one erasure; the key is random and forgotten afterwards.</summary>
    private sealed class Pseudonyms
    {
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        public string? For(string? value) =>
            value is null || value.StartsWith("erased-", StringComparison.Ordinal) ? value
                : "erased-" + Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..20].ToLowerInvariant();
    }
}
