using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace PostPurchase.Server.ApiDescription;

/// <summary>
/// Component schemas for bodies the webhook handlers read as raw bytes (so nothing is inferred from their signatures):
/// the generic purchase webhook's event (docs/webhooks.md) and a vendor event, passed on as the vendor sent it.
/// </summary>
public static class ApiSchemas
{
    public const string GenericWebhookEvent = "GenericWebhookEvent";
    public const string GenericCustomer = "GenericCustomer";
    public const string GenericItem = "GenericItem";
    public const string VendorEvent = "VendorEvent";
    public const string TwilioForm = "TwilioForm";

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;

        schemas[GenericCustomer] = Object("The customer; every field is optional. Without email and phone the journey still starts and its messaging steps take their \"no address\" path.",
            required: [],
            ("id", Text("Your customer id (used for order history and sticky experiments).")),
            ("email", Text("Email address.", "email")),
            ("name", Text("Full name.")),
            ("phone", Text("International number (+…); other forms are dropped.")),
            ("timeZone", Text("IANA time zone id, e.g. Europe/London.")),
            ("locale", Text("BCP 47 locale, e.g. en-GB.")),
            ("marketingConsent", Flag("Marketing email consent; missing = unknown.")),
            ("smsConsent", Flag("SMS consent; missing = no.")));

        schemas[GenericItem] = Object("One order line. `name` or `sku` is required.",
            required: [],
            ("sku", Text("Stock keeping unit (matched against workflows/catalog.json).")),
            ("name", Text("Product name.")),
            ("quantity", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Default = JsonValue.Create(1), Description = "Quantity ≥ 1." }),
            ("unitPrice", new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Description = "Unit price as a decimal in the currency's major unit (12.50)." }));

        schemas[GenericWebhookEvent] = Object("A purchase, refund or delivered event for /webhooks/purchase. A refund or delivered body needs only `type` and `orderId`.",
            required: ["type", "orderId"],
            ("type", new OpenApiSchema
            {
                Type = JsonSchemaType.String, Description = "purchase starts journeys; refund cancels the order's journeys; delivered raises `delivered`. Other values are recorded and ignored.",
                Enum = [JsonValue.Create("purchase")!, JsonValue.Create("refund")!, JsonValue.Create("delivered")!],
            }),
            ("orderId", Text("Your order id: the journey's correlation id.")),
            ("purchasedAt", Text("ISO 8601 time of the purchase.", "date-time")),
            ("customer", new OpenApiSchemaReference(GenericCustomer, document)),
            ("items", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(GenericItem, document), Description = "Order lines." }),
            ("total", new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Description = "Total as a decimal in the currency's major unit; default the sum of the items." }),
            ("currency", Text("ISO 4217 code; required for purchase.")),
            ("reason", Text("Why, for a refund.")),
            ("metadata", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Text("A value."), Description = "String map copied to the purchase." }));

        schemas[TwilioForm] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Twilio's webhook parameters as form fields (all strings); see Twilio's Messaging webhooks reference.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["MessageSid"] = Text("The message's SID (SM…)."),
                ["AccountSid"] = Text("The Twilio account (AC…)."),
                ["From"] = Text("Sender, E.164."),
                ["To"] = Text("Recipient, E.164."),
                ["Body"] = Text("Message text (inbound)."),
                ["OptOutType"] = Text("STOP, START or HELP when Twilio's Advanced Opt-Out recognised a keyword (inbound)."),
                ["MessageStatus"] = Text("queued, sent, delivered, undelivered, failed … (status callback)."),
                ["ErrorCode"] = Text("Twilio error code when undelivered or failed (status callback)."),
            },
            AdditionalProperties = Text("Other Twilio parameters."),
        };

        schemas[VendorEvent] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The provider's own JSON payload, verified on its raw bytes and passed on unchanged; see the provider's webhook reference.",
            AdditionalPropertiesAllowed = true,
        };
    }

    private static OpenApiSchema Object(string description, string[] required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Required = new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema Text(string description, string? format = null) => new() { Type = JsonSchemaType.String, Description = description, Format = format };

    private static OpenApiSchema Flag(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };
}
