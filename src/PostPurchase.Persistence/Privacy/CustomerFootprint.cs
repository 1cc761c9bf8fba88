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
/// orders carry, and by the journeys' order ids), the names they gave, and their provider customer ids, address lines,
/// IPs and notes (values under <see cref="PersonalDataTerms.IsPersonalKey"/> keys in their journeys). Finding journeys by phone or by an email
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

    /// <summary>The customer's email addresses: the requested one and those found next to it (lower-case).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>The customer's phone numbers (E.164): the requested one and those found next to it.</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>
    /// Finds the customer's data. The email and phone their journeys carry next to the requested one (a request by email
    /// finds the phone they gave) are theirs too: blanked in their rows, hashed on the suppression list, and their
    /// message records and engagement facts pseudonymised. They do not widen the search for journeys and orders, since
    /// a phone may be a household's.
    /// </summary>
    public static async Task<CustomerFootprint> LocateAsync(PostPurchaseDbContext db, PrivacySubject subject, CancellationToken cancellationToken)
    {
        var identifiers = new PersonalDataTerms(subject, []);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var contacts = new Contacts();
        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        var correlations = new HashSet<string>(StringComparer.Ordinal);
        var personal = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // customer ids, address lines, IPs, notes

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
            personal.UnionWith(PersonalDataTerms.PersonalValues(state));
        }


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
            var state = JsonNode.Parse(instance.State);
            CollectNames(state, subject, names, contacts);
            personal.UnionWith(PersonalDataTerms.PersonalValues(state));
        }

        var all = instanceIds.ToList();
        var requestNames = await db.Set<ReviewRequestRow>().AsNoTracking()
            .Where(r => all.Contains(r.WorkflowInstanceId) && r.CustomerName != null)
            .Select(r => r.CustomerName!).ToListAsync(cancellationToken);
        names.UnionWith(requestNames);

        if (subject.Email is { } own) contacts.Emails.Add(own);
        if (subject.Phone is { } phone) contacts.Phones.Add(phone);
        var emails = contacts.Emails.Order().ToList();
        var phones = contacts.Phones.Order().ToList();
        // The provider customer id as orders keep it (provider:id) and as the provider sent it (in journey state and journals).
        foreach (var customer in customers)
            personal.UnionWith([customer, customer[(customer.IndexOf(':') + 1)..]]);
        return new CustomerFootprint(subject, instanceIds, correlations, orderKeys, customers, new PersonalDataTerms(subject, names, emails, phones, personal))
        {
            Emails = emails,
            Phones = phones,
        };
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
        var (emails, phones) = (Emails.ToList(), Phones.ToList());
        var ids = Ids;
        return db.Set<SendRecordRow>().Where(s => (s.WorkflowInstanceId != null && ids.Contains(s.WorkflowInstanceId))
            || (s.Channel == (int)Channel.Email && emails.Contains(s.Recipient))
            || (s.Channel == (int)Channel.Sms && phones.Contains(s.Recipient)));
    }

    public IQueryable<ConsentChangeRow> ConsentRows(PostPurchaseDbContext db)
    {
        var (emails, phones) = (Emails.ToList(), Phones.ToList());
        return db.Set<ConsentChangeRow>().Where(c => (c.Channel == (int)Channel.Email && emails.Contains(c.Address))
            || (c.Channel == (int)Channel.Sms && phones.Contains(c.Address)));
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
        var emails = Emails.ToList();
        var ids = Ids;
        var customers = Customers;
        return db.Set<JourneyEventRow>().Where(e => ids.Contains(e.InstanceId)
            || (e.CustomerEmail != null && emails.Contains(e.CustomerEmail)) || (e.CustomerId != null && customers.Contains(e.CustomerId)));
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
                    if (Property(obj, "email") is { Length: > 0 } email && email.Contains('@')) contacts.Emails.Add(email.Trim().ToLowerInvariant());
                    if (Property(obj, "phone") is { Length: > 0 } phone && PrivacySubject.TryCreate(null, phone, out _)?.Phone is { } e164) contacts.Phones.Add(e164);
                }

                foreach (var (_, value) in obj) CollectNames(value, subject, names, contacts);
                break;
            case JsonArray array:
                foreach (var item in array) CollectNames(item, subject, names, contacts);
                break;
        }
    }

    /// <summary>The emails and phones (E.164) in the customer objects that carry the subject's identifier.</summary>
    private sealed class Contacts
    {
        public HashSet<string> Emails { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Phones { get; } = new(StringComparer.Ordinal);
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
