using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Persistence.Commerce;
using PostPurchase.Persistence.Engagement;
using PostPurchase.Persistence.Messaging;
using PostPurchase.Persistence.Workflows;

namespace PostPurchase.Persistence.Privacy;

/// <summary>
/// Where one customer's data is: their journeys (instances whose state mentions the email or phone, those correlated
/// with their orders, and children sharing a correlation), their orders (by email, by the provider customer ids those
/// orders carry, and by the journeys' order ids), and the names they gave. Finding journeys by phone or by an email
/// without orders reads every instance's state (a scan: an administrative request, not a hot path).
/// </summary>
public sealed record CustomerFootprint(
    PrivacySubject Subject,
    IReadOnlySet<string> InstanceIds,
    IReadOnlySet<string> CorrelationIds,
    IReadOnlyList<(string Provider, string OrderId)> Orders,
    IReadOnlySet<string> ProviderCustomers,
    PersonalDataTerms Terms)
{
    private static readonly string[] NameKeys = ["name", "firstName", "lastName", "fullName", "customerName"];

    public bool IsEmpty => InstanceIds.Count == 0 && Orders.Count == 0;

    /// <summary>
    /// Finds the customer's data. When the request gives only an email (or only a phone) and their journeys carry the
    /// other next to it, the search is repeated with both, so erasing by email also finds and blanks their phone.
    /// </summary>
    public static async Task<CustomerFootprint> LocateAsync(PostPurchaseDbContext db, PrivacySubject subject, CancellationToken cancellationToken) =>
        await LocateAsync(db, subject, enrich: true, cancellationToken);

    private static async Task<CustomerFootprint> LocateAsync(PostPurchaseDbContext db, PrivacySubject subject, bool enrich, CancellationToken cancellationToken)
    {
        var identifiers = new PersonalDataTerms(subject, []);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var contacts = new Contacts();
        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        var correlations = new HashSet<string>(StringComparer.Ordinal);

        // 1. Journeys whose state mentions the email or phone: a LIKE on a fragment JSON never escapes, then a check of the values.
        var email = subject.Email is { } e ? SearchFragment(e) : null;
        var digits = subject.PhoneDigits;
        var candidates = await db.Set<InstanceRow>().AsNoTracking()
            .Where(i => (email != null && i.State.ToLower().Contains(email)) || (digits != null && i.State.Contains(digits)))
            .Select(i => new { i.Id, i.CorrelationId, i.State })
            .ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var state = JsonNode.Parse(candidate.State);
            if (!PersonalDataTerms.Strings(state).Any(identifiers.Mentions)) continue;
            instanceIds.Add(candidate.Id);
            if (candidate.CorrelationId is { } correlation) correlations.Add(correlation);
            CollectNames(state, subject, names, contacts);
        }

        if (enrich && (subject.Email is null && contacts.Email is not null || subject.Phone is null && contacts.Phone is not null)
            && PrivacySubject.TryCreate(subject.Email ?? contacts.Email, subject.Phone ?? contacts.Phone, out _) is { } both)
            return await LocateAsync(db, both, enrich: false, cancellationToken);

        var journeyOrders = correlations.ToList();
        // 2. Orders: by email, then every order of the provider customers those carry, and the journeys' own orders.
        var orders = await db.Set<CustomerOrderRow>().AsNoTracking()
            .Where(o => (subject.Email != null && o.Email == subject.Email) || journeyOrders.Contains(o.OrderId))
            .ToListAsync(cancellationToken);
        var customers = orders.Where(o => o.ProviderCustomer != null).Select(o => o.ProviderCustomer!).ToHashSet(StringComparer.Ordinal);
        var customerList = customers.ToList();
        if (customers.Count > 0)
            orders.AddRange(await db.Set<CustomerOrderRow>().AsNoTracking().Where(o => o.ProviderCustomer != null && customerList.Contains(o.ProviderCustomer)).ToListAsync(cancellationToken));
        var orderKeys = orders.Select(o => (o.Provider, o.OrderId)).Distinct().ToList();
        foreach (var (_, orderId) in orderKeys) correlations.Add(orderId);

        // 3. Every journey of those orders (children share their parent's correlation id).
        var correlationList = correlations.ToList();
        var known = instanceIds.ToList();
        var correlated = await db.Set<InstanceRow>().AsNoTracking()
            .Where(i => i.CorrelationId != null && correlationList.Contains(i.CorrelationId) && !known.Contains(i.Id))
            .Select(i => new { i.Id, i.State })
            .ToListAsync(cancellationToken);
        foreach (var instance in correlated)
        {
            instanceIds.Add(instance.Id);
            CollectNames(JsonNode.Parse(instance.State), subject, names, new Contacts());
        }

        var all = instanceIds.ToList();
        var requestNames = await db.Set<ReviewRequestRow>().AsNoTracking()
            .Where(r => all.Contains(r.WorkflowInstanceId) && r.CustomerName != null)
            .Select(r => r.CustomerName!).ToListAsync(cancellationToken);
        names.UnionWith(requestNames);

        return new CustomerFootprint(subject, instanceIds, correlations, orderKeys, customers, new PersonalDataTerms(subject, names));
    }

    // The rows of each table that belong to the customer (shared by the export and the erasure). Sets become lists
    // before they reach a query: EF Core turns List.Contains into IN / = ANY on both databases.
    private List<string> Ids => InstanceIds.ToList();

    private List<string> Correlations => CorrelationIds.ToList();

    private List<string> Customers => ProviderCustomers.ToList();

    public IQueryable<InstanceRow> InstanceRows(PostPurchaseDbContext db)
    {
        var ids = Ids;
        return db.Set<InstanceRow>().Where(i => ids.Contains(i.Id));
    }

    public IQueryable<JournalRow> JournalRows(PostPurchaseDbContext db)
    {
        var ids = Ids;
        return db.Set<JournalRow>().Where(j => ids.Contains(j.InstanceId));
    }

    public IQueryable<CustomerOrderRow> OrderRows(PostPurchaseDbContext db)
    {
        var orderIds = Orders.Select(o => o.OrderId).Distinct().ToList();
        return db.Set<CustomerOrderRow>().Where(o => orderIds.Contains(o.OrderId));
    }

    public IQueryable<SendRecordRow> SendRecordRows(PostPurchaseDbContext db)
    {
        string? email = Subject.Email, phone = Subject.Phone;
        var ids = Ids;
        return db.Set<SendRecordRow>().Where(s => (s.WorkflowInstanceId != null && ids.Contains(s.WorkflowInstanceId))
            || (email != null && s.Channel == (int)Channel.Email && s.Recipient == email)
            || (phone != null && s.Channel == (int)Channel.Sms && s.Recipient == phone));
    }

    public IQueryable<ConsentChangeRow> ConsentRows(PostPurchaseDbContext db)
    {
        string? email = Subject.Email, phone = Subject.Phone;
        return db.Set<ConsentChangeRow>().Where(c => (email != null && c.Channel == (int)Channel.Email && c.Address == email)
            || (phone != null && c.Channel == (int)Channel.Sms && c.Address == phone));
    }

    public IQueryable<ReviewRequestRow> ReviewRequestRows(PostPurchaseDbContext db)
    {
        var ids = Ids;
        return db.Set<ReviewRequestRow>().Where(r => ids.Contains(r.WorkflowInstanceId));
    }

    public IQueryable<ReviewRow> ReviewRows(PostPurchaseDbContext db)
    {
        var ids = Ids;
        return db.Set<ReviewRow>().Where(r => ids.Contains(r.WorkflowInstanceId));
    }

    public IQueryable<JourneyEventRow> JourneyEventRows(PostPurchaseDbContext db)
    {
        var email = Subject.Email;
        var ids = Ids;
        var customers = Customers;
        return db.Set<JourneyEventRow>().Where(e => ids.Contains(e.InstanceId)
            || (email != null && e.CustomerEmail == email) || (e.CustomerId != null && customers.Contains(e.CustomerId)));
    }

    public IQueryable<TrackedLinkRow> TrackedLinkRows(PostPurchaseDbContext db)
    {
        var ids = Ids;
        return db.Set<TrackedLinkRow>().Where(l => ids.Contains(l.InstanceId));
    }

    public IQueryable<InboxEventRow> InboxRows(PostPurchaseDbContext db)
    {
        var correlations = Correlations;
        return db.Set<InboxEventRow>().Where(e => e.OrderId != null && correlations.Contains(e.OrderId));
    }

    public IQueryable<CancelledCorrelationRow> CancelledCorrelationRows(PostPurchaseDbContext db)
    {
        var correlations = Correlations;
        return db.Set<CancelledCorrelationRow>().Where(c => correlations.Contains(c.CorrelationId));
    }

    /// <summary>Queued work about the customer: for their journeys or orders, or a queued purchase whose payload names them.</summary>
    public async Task<List<WorkItemRow>> WorkItemsAsync(PostPurchaseDbContext db, CancellationToken cancellationToken)
    {
        var email = Subject.Email is { } e ? SearchFragment(e) : null;
        var digits = Subject.PhoneDigits;
        var ids = Ids;
        var correlations = Correlations;
        var rows = await db.Set<WorkItemRow>().Where(w => (w.InstanceId != null && ids.Contains(w.InstanceId))
                || (w.CorrelationId != null && correlations.Contains(w.CorrelationId))
                || (w.Payload != null && ((email != null && w.Payload.ToLower().Contains(email)) || (digits != null && w.Payload.Contains(digits)))))
            .ToListAsync(cancellationToken);
        return rows.Where(w => (w.InstanceId != null && InstanceIds.Contains(w.InstanceId)) || (w.CorrelationId != null && CorrelationIds.Contains(w.CorrelationId))
            || Terms.MentionsJson(w.Payload)).ToList();
    }

    /// <summary>The names in every JSON object that carries the subject's email or phone (a purchase's customer).</summary>
    private static void CollectNames(JsonNode? node, PrivacySubject subject, HashSet<string> names, Contacts contacts)
    {
        switch (node)
        {
            case JsonObject obj:
                if (IsSubject(obj, subject))
                {
                    foreach (var key in NameKeys)
                        if (Property(obj, key) is { } name && !string.IsNullOrWhiteSpace(name)) names.Add(name);
                    contacts.Email ??= Property(obj, "email") is { Length: > 0 } email ? email : null;
                    contacts.Phone ??= Property(obj, "phone") is { Length: > 0 } phone ? phone : null;
                }

                foreach (var (_, value) in obj) CollectNames(value, subject, names, contacts);
                break;
            case JsonArray array:
                foreach (var item in array) CollectNames(item, subject, names, contacts);
                break;
        }
    }

    /// <summary>The email and phone found next to the subject's other identifier.</summary>
    private sealed class Contacts
    {
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }

    private static bool IsSubject(JsonObject obj, PrivacySubject subject) =>
        (subject.Email is { } email && Property(obj, "email")?.Trim().Equals(email, StringComparison.OrdinalIgnoreCase) == true)
        || (subject.PhoneDigits is { } digits && Property(obj, "phone") is { } phone && new string(phone.Where(char.IsAsciiDigit).ToArray()) == digits);

    private static string? Property(JsonObject obj, string name)
    {
        foreach (var (key, value) in obj)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase) && value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                return v.GetValue<string>();
        return null;
    }

    /// <summary>The longest part of the email made of characters JSON never escapes, lower-case (for a LIKE prefilter).</summary>
    internal static string SearchFragment(string email) =>
        System.Text.RegularExpressions.Regex.Split(email, "[^a-z0-9@._-]").OrderByDescending(p => p.Length).First();
}
