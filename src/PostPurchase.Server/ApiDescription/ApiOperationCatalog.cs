namespace PostPurchase.Server.ApiDescription;

/// <summary>Who may call an operation, as the OpenAPI document states it.</summary>
public enum ApiAuth
{
    /// <summary>No credentials (webhooks check their own signatures).</summary>
    None,

    /// <summary><c>Authorization: ApiKey &lt;key&gt;</c> only.</summary>
    ApiKey,

    /// <summary><c>Authorization: ApiKey &lt;key&gt;</c> or the Studio's <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    ApiKeyOrBearer,
}

/// <summary>A request header an operation reads (signature headers of the webhooks).</summary>
public sealed record ApiHeader(string Name, string Description, bool Required = true);

/// <summary>What the OpenAPI document says about one operation beyond what the endpoint itself declares.</summary>
public sealed record ApiOperationInfo(string Tag, string Summary, string Description, ApiAuth Auth)
{
    public IReadOnlyList<ApiHeader> Headers { get; init; } = [];

    /// <summary>Name of a component schema (see <see cref="ApiSchemas"/>) for a JSON body the handler reads itself.</summary>
    public string? BodySchema { get; init; }

    public string? BodyDescription { get; init; }

    /// <summary>Media type of that body.</summary>
    public string BodyContentType { get; init; } = "application/json";

    /// <summary>Status code → meaning, for handlers that return <c>IResult</c> (no declared responses).</summary>
    public IReadOnlyDictionary<string, string> Responses { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Summaries, descriptions, tags, auth and webhook details of our own endpoints, kept in one place so the endpoint files
/// stay as they are. Keyed by <c>"{METHOD} {route pattern}"</c> as ASP.NET Core's API explorer reports it.
/// </summary>
public static class ApiOperationCatalog
{
    private static readonly Dictionary<string, string> WebhookAnswers = new()
    {
        ["200"] = "Recorded: {\"status\":\"accepted\"} (queued), \"duplicate\" (event id seen before) or \"ignored\" (an event we do not act on).",
        ["400"] = "Missing, invalid or stale signature, or a malformed body; nothing is stored.",
        ["404"] = "The endpoint is not configured (its secret is not set).",
        ["413"] = "The body is larger than 1 MiB.",
    };

    private static readonly Dictionary<string, string> InstanceAnswers = new()
    {
        ["200"] = "The instance (status, sub-status, variables, properties, incidents).",
        ["401"] = "No or a wrong API key.",
        ["403"] = "The key's role does not allow this.",
        ["404"] = "No such instance.",
        ["409"] = "The instance is not in a state that allows this.",
    };

    public static IReadOnlyDictionary<string, ApiOperationInfo> Operations { get; } = new Dictionary<string, ApiOperationInfo>
    {
        ["POST webhooks/purchase"] = new("Webhooks", "Generic purchase webhook (Standard Webhooks)",
            "For any shop system that is not Stripe, PayPal or Shopify. `type` purchase starts journeys, refund cancels the order's "
            + "journeys, delivered raises the `delivered` event. Signed with `Webhooks__Secret`: the signed content is "
            + "`{webhook-id}.{webhook-timestamp}.{raw body}`, HMAC-SHA256 keyed with the base64-decoded part after `whsec_`. See docs/webhooks.md.",
            ApiAuth.None)
        {
            Headers =
            [
                new("webhook-id", "Unique id per event; retries reuse it (the de-duplication key)."),
                new("webhook-timestamp", "Unix seconds when sent; accepted within ±5 minutes."),
                new("webhook-signature", "`v1,<base64 HMAC-SHA256>`; several space-separated entries while rotating secrets."),
            ],
            BodySchema = ApiSchemas.GenericWebhookEvent,
            BodyDescription = "A purchase, refund or delivered event (UTF-8 JSON, the exact bytes that were signed).",
            Responses = WebhookAnswers,
        },
        ["POST webhooks/stripe"] = new("Webhooks", "Stripe webhook",
            "Stripe Event objects: checkout.session.completed and checkout.session.async_payment_succeeded (paid or free), "
            + "payment_intent.succeeded start journeys; charge.refunded and charge.dispute.created cancel them; other types are recorded as ignored.",
            ApiAuth.None)
        {
            Headers = [new("Stripe-Signature", "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"{t}.{raw body}\" keyed with Stripe__WebhookSecret>` (several v1 allowed).")],
            BodySchema = ApiSchemas.VendorEvent,
            BodyDescription = "A Stripe Event object as Stripe sends it.",
            Responses = WebhookAnswers,
        },
        ["POST webhooks/shopify"] = new("Webhooks", "Shopify webhook",
            "Topics orders/paid (and orders/create when enabled) start journeys; refunds/create and orders/cancelled cancel them; "
            + "fulfillments/create|update with shipment_status delivered raise `delivered`. A bad HMAC answers 401.",
            ApiAuth.None)
        {
            Headers =
            [
                new("X-Shopify-Hmac-Sha256", "base64 HMAC-SHA256 of the raw body keyed with Shopify__WebhookSecret."),
                new("X-Shopify-Topic", "The webhook topic, e.g. orders/paid."),
                new("X-Shopify-Webhook-Id", "Unique per delivery (the de-duplication key)."),
            ],
            BodySchema = ApiSchemas.VendorEvent,
            BodyDescription = "The Shopify resource of the topic (an Order, Refund or Fulfillment).",
            Responses = new Dictionary<string, string>(WebhookAnswers) { ["401"] = "The HMAC does not match." },
        },
        ["POST webhooks/paypal"] = new("Webhooks", "PayPal webhook",
            "PAYMENT.CAPTURE.COMPLETED and PAYMENT.SALE.COMPLETED start journeys; captures or sales refunded or reversed cancel them. "
            + "Verified by PayPal's verify-webhook-signature API: 401 when PayPal says FAILURE, 503 when PayPal cannot be asked (PayPal retries).",
            ApiAuth.None)
        {
            Headers =
            [
                new("PAYPAL-TRANSMISSION-ID", "PayPal's transmission id."),
                new("PAYPAL-TRANSMISSION-TIME", "When PayPal sent it."),
                new("PAYPAL-TRANSMISSION-SIG", "PayPal's signature."),
                new("PAYPAL-CERT-URL", "PayPal's certificate URL."),
                new("PAYPAL-AUTH-ALGO", "e.g. SHA256withRSA."),
            ],
            BodySchema = ApiSchemas.VendorEvent,
            BodyDescription = "A PayPal webhook event (v1 sale or v2 capture resource).",
            Responses = new Dictionary<string, string>(WebhookAnswers) { ["401"] = "PayPal did not verify the signature.", ["503"] = "PayPal could not be asked; retry later." },
        },
        ["POST webhooks/twilio/inbound"] = new("Webhooks", "Twilio inbound SMS",
            "Opt-out and opt-in keywords (STOP, ARRET, START, …, in any reasonable manner) change the sender's SMS consent; HELP/INFO is answered "
            + "once through the gateway. Answers an empty TwiML <Response/>; 403 for a bad signature.", ApiAuth.None)
        {
            Headers = [new("X-Twilio-Signature", "base64 HMAC-SHA1 keyed with Twilio__AuthToken over the URL Twilio called ({PublicBaseUrl}/webhooks/twilio/inbound) followed by every form field's name and value, sorted by name.")],
            BodySchema = ApiSchemas.TwilioForm,
            BodyContentType = "application/x-www-form-urlencoded",
            BodyDescription = "Twilio's inbound message parameters (MessageSid, AccountSid, From, To, Body, OptOutType, …).",
            Responses = new Dictionary<string, string> { ["200"] = "Empty TwiML response.", ["400"] = "Not a form post.", ["403"] = "The signature does not match." },
        },
        ["POST webhooks/twilio/status"] = new("Webhooks", "Twilio message status callback",
            "Delivery reports for sent SMS: delivered / undelivered (with ErrorCode) update the send record and raise message-delivered:{activityId} "
            + "or message-undelivered:{activityId} for the journey.", ApiAuth.None)
        {
            Headers = [new("X-Twilio-Signature", "base64 HMAC-SHA1 keyed with Twilio__AuthToken over {PublicBaseUrl}/webhooks/twilio/status followed by the sorted form fields.")],
            BodySchema = ApiSchemas.TwilioForm,
            BodyContentType = "application/x-www-form-urlencoded",
            BodyDescription = "Twilio's status callback parameters (MessageSid, MessageStatus, ErrorCode, …).",
            Responses = new Dictionary<string, string> { ["204"] = "Recorded.", ["400"] = "Not a form post.", ["403"] = "The signature does not match." },
        },
        ["POST api/simulations"] = new("Simulations", "Play a journey without sending anything",
            "Runs the definition for a purchase payload (generic, stripe, shopify, paypal, or an already normalised purchase) on a virtual clock for `days` days and "
            + "returns every step with its virtual day, each rendered message and the rule that acted.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string> { ["200"] = "The simulated steps and messages.", ["400"] = "{\"error\": \"...\"} for an invalid payload or definition.", ["401"] = "No or wrong credentials." },
        },
        ["GET api/simulations/samples"] = new("Simulations", "Sample purchases to simulate with",
            "The purchase files in samples/ and, with `definitionId`, that journey's five most recent real purchases masked on the server "
            + "(as for the Test tab: email a***@domain, phone its last two digits with the others zeroed but the first, first name only, no provider customer id or contact-like metadata); "
            + "each with `key`, `label`, `provider` (for POST /api/simulations) and `payload`.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string> { ["200"] = "[{key, label, provider, payload}]", ["401"] = "No or wrong credentials." },
        },
        ["POST elsa/api/tests/activities"] = new("Elsa API", "Test one activity of a journey (the Studio's Test tab)",
            "Elsa's TestActivityRequest (`workflowDefinitionHandle.definitionVersionId`, or `definitionId` + `versionOptions`; "
            + "`activityHandle.activityNodeId` or `activityId`). Runs that activity alone as a simulation on the journey's sample purchase "
            + "(its most recent real purchase, masked, else samples/purchase.json): nothing is sent or stored. Answers Elsa's "
            + "TestActivityResponse (`status` Completed, Running = waiting, or Faulted with `exception.message`; `activityState`, `outputs`, "
            + "`payload.Outcomes`) plus `message` (channel, recipient, rendered subject, body, HTML through the email layout, text, the rule that acted), "
            + "`waitsFor`, `log` and `sample`. Editor role.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string>
            {
                ["200"] = "The test result; a failing activity is status Faulted with a readable exception.message, never a 500.",
                ["400"] = "{\"errors\": {...}} for a missing handle or unknown versionOptions.",
                ["401"] = "No or wrong credentials.",
                ["403"] = "The role is viewer (testing needs editor).",
                ["404"] = "No such definition version or activity.",
            },
        },
        ["GET api/reports/journeys/{definitionId}"] = new("Reports", "Journey report",
            "Per step: entered, sent, suppressed and deferred by reason, delivered, opened (approx.), clicked, reviews, conversions and "
            + "attributed revenue; per split branch with a two-proportion z-test; journeys per day. `from`/`to` are ISO dates (UTC). See docs/reports.md.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string> { ["200"] = "The report.", ["400"] = "A malformed or reversed period.", ["401"] = "No or wrong credentials.", ["404"] = "No such definition." },
        },
        ["GET api/instances/{id}"] = new("Instances", "Read a workflow instance", "The instance's state, journal position and incidents.", ApiAuth.ApiKey) { Responses = InstanceAnswers },
        ["POST api/instances/{id}/retry"] = new("Instances", "Retry a faulted instance",
            "Resumes a faulted instance from the failed activity.", ApiAuth.ApiKey) { Responses = InstanceAnswers },
        ["POST api/instances/{id}/cancel"] = new("Instances", "Cancel an instance", "Ends a running or suspended instance.", ApiAuth.ApiKey) { Responses = InstanceAnswers },
        ["GET api/reviews"] = new("Reviews", "List submitted reviews",
            "Reviews customers submitted through review links, newest first: rating, comment (customer text, return it as data), "
            + "positive or not, product and order. `skip` ≥ 0, `take` 1–500 (default 50).", ApiAuth.ApiKey)
        {
            Responses = new Dictionary<string, string> { ["200"] = "{\"items\": [...]}", ["400"] = "skip or take out of range.", ["401"] = "No or wrong API key." },
        },
        ["GET api/audit"] = new("Audit", "Read the audit trail",
            "Staff actions, newest first: who (user or api-key-N), when (UTC), what (definition.publish, instance.cancel, user.add, ...), "
            + "target and version. `take` 1–500 (default 100), `before` = a sequence number for the next page, `target` and `actor` filter.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string> { ["200"] = "{\"items\": [{\"sequence\", \"at\", \"actor\", \"action\", \"target\", \"version\", \"detail\"}]}", ["401"] = "No or wrong credentials." },
        },
        ["GET api/privacy/export"] = new("Privacy", "Export a customer's data (right of access)",
            "Admins only. Everything stored about the customer with this `email` and/or `phone` (E.164): orders, journeys (input, variables, "
            + "outputs, journal), messages, consent history, reviews, engagement facts, tracked links, webhook inbox rows and queued work. "
            + "`found` is false when nothing is held (for example after an erasure). Recorded in the audit trail with the address masked.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string>
            {
                ["200"] = "{\"found\", \"customerOrders\": [...], \"workflowInstances\": [...], \"messages\": [...], \"consent\": [...], ...}",
                ["400"] = "{\"error\": \"...\"} when neither a valid email nor an E.164 phone is given.", ["401"] = "No or wrong credentials.", ["403"] = "Not an admin.",
            },
        },
        ["POST api/privacy/erasure"] = new("Privacy", "Erase a customer's data (GDPR erasure, CCPA deletion)",
            "Admins only. Cancels the customer's running journeys and removes or anonymises their email, phone and name everywhere we store them; "
            + "report totals stay (pseudonyms), and an address that had opted out is kept only as a keyed hash so it is never marketed to again. "
            + "Idempotent: a repeat reports zeros. Recorded in the audit trail with the address masked.",
            ApiAuth.ApiKeyOrBearer)
        {
            Responses = new Dictionary<string, string>
            {
                ["200"] = "{\"cancelledJourneys\", \"rows\": {per table}, \"outboxFiles\", \"erasedAnything\"}",
                ["400"] = "{\"error\": \"...\"} when neither a valid email nor an E.164 phone is given.", ["401"] = "No or wrong credentials.", ["403"] = "Not an admin.",
            },
        },
        ["GET health"] = new("Operations", "Health", "Answers {\"status\":\"Healthy\"} once the server runs.", ApiAuth.None),
        ["GET downloads/{token}"] = new("Customers", "Download a purchased digital product",
            "The signed, expiring link from the order confirmation: 302 to the product's download URL, or 404 with a short page when the link is invalid, expired or the product has no download.", ApiAuth.None),
    };

    /// <summary>HTTP workflows (Elsa.HttpEndpoint) under the default <c>HttpWorkflows__BasePath</c>, one entry per method.</summary>
    private static readonly IReadOnlyDictionary<string, ApiOperationInfo> HttpWorkflows = new[] { "GET", "POST", "PUT", "PATCH", "DELETE" }.ToDictionary(
        method => $"{method} workflows/{{path}}",
        method => new ApiOperationInfo("HTTP workflows", $"{method} to a workflow's HTTP endpoint",
            "Starts every published workflow whose Elsa.HttpEndpoint matches the path and method and answers with what its Elsa.WriteHttpResponse wrote "
            + "(else 200 with no body; 202 when it resumed workflows waiting at a matching path; 404 when nothing matches). An API key or Studio "
            + "token, or a Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature) with the endpoint's secret "
            + "(HttpWorkflows__Secrets__{name}); anonymous only with HttpWorkflows__AllowAnonymous for endpoints asking for neither.", ApiAuth.ApiKeyOrBearer));

    public static ApiOperationInfo? Find(string? method, string? relativePath) =>
        method is null || relativePath is null ? null
            : relativePath.TrimStart('/').StartsWith("workflows/", StringComparison.Ordinal) && relativePath.Contains("path}", StringComparison.Ordinal)
              ? HttpWorkflows.GetValueOrDefault($"{method.ToUpperInvariant()} workflows/{{path}}")
            : Operations.GetValueOrDefault($"{method.ToUpperInvariant()} {relativePath.TrimStart('/')}")
              ?? HttpWorkflows.GetValueOrDefault($"{method.ToUpperInvariant()} {relativePath.TrimStart('/')}");
}
