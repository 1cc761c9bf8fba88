using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Privacy;

/// <summary>
/// Privacy requests end to end on the real server (SQLite here, PostgreSQL below): a customer buys through signed
/// webhooks, gets the confirmation and the onboarding email, clicks, buys again, unsubscribes and reviews by SMS; an
/// admin exports and then erases them. Afterwards no text column of any table holds their email, phone, name, provider
/// customer id, shipping address or IP (the purchase input in journey state included), the
/// report is unchanged, a repeat erasure finds nothing, and their next purchase gets no marketing.
/// </summary>
public partial class PrivacyRequestTests : IAsyncLifetime
{
    private const string AdminKey = "privacy-admin-key";
    private const string ViewerKey = "privacy-viewer-key";
    private const string AdminPassword = "privacy-admin-password-1";
    private const string Email = "Zebedee.Q@example.com";
    private const string Phone = "+15005550077";
    private const string PhoneDigits = "15005550077";
    private const string ReportUrl = "/api/reports/journeys/post-purchase?from=2026-03-01&to=2026-04-01";
    private const string ProviderCustomerId = "cust-zq-4471";
    private const string AddressLine = "17 Wrenfield Mews";
    private const string PostalCode = "BS8 4QT";
    private const string IpAddress = "203.0.113.77";
    private static readonly string[] Identifying = ["zebedee", "quillfeather", PhoneDigits, ProviderCustomerId, "Wrenfield", PostalCode, IpAddress];

    private JourneyTestHost _host = null!;

    /// <summary>Database settings for the server under test (none: SQLite in the temp data directory).</summary>
    protected virtual Task<Dictionary<string, string?>> DatabaseAsync() => Task.FromResult(new Dictionary<string, string?>());

    public async Task InitializeAsync()
    {
        var settings = await DatabaseAsync();
        settings["Auth:ApiKeys"] = $"{ApiKey},{AdminKey}:admin,{ViewerKey}:viewer";
        settings["Auth:AdminPassword"] = AdminPassword;
        _host = await StartAsync(settings);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject CustomerPurchase(string orderId) => new()
    {
        ["type"] = "purchase", ["orderId"] = orderId,
        ["customer"] = new JsonObject { ["id"] = ProviderCustomerId, ["email"] = Email, ["name"] = "Zebedee Quillfeather", ["phone"] = Phone, ["timeZone"] = "UTC", ["smsConsent"] = true, ["marketingConsent"] = true },
        ["shippingAddress"] = new JsonObject { ["name"] = "Zebedee Quillfeather", ["line1"] = AddressLine, ["city"] = "Bristol", ["postalCode"] = PostalCode, ["country"] = "GB" },
        // Merchant metadata that carries the address, a delivery note and the buyer's IP (as shops' order metadata does).
        ["metadata"] = new JsonObject { ["shippingAddress"] = $"{AddressLine}, Bristol {PostalCode}", ["deliveryNote"] = $"Side gate at {AddressLine}", ["browserIp"] = IpAddress, ["campaign"] = "spring" },
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = 89.00 }),
        ["currency"] = "EUR",
    };

    /// <summary>Mail the SMTP server accepted for the customer (the address as they typed it).</summary>
    private List<PostPurchase.TestSupport.Smtp.MimeMessageReader> MailsToCustomer() =>
        _host.Smtp.Received.Where(m => m.Recipients.Contains(Email, StringComparer.OrdinalIgnoreCase)).Select(m => m.Parse()).ToList();

    private HttpRequestMessage Request(HttpMethod method, string path, string key, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + key);
        if (body is not null) request.Content = Json.Body(body.ToJsonString());
        return request;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string key = AdminKey, JsonObject? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await Json.ReadAsync(await _host.Client.SendAsync(Request(method, path, key, body)), expected);

    private static readonly JsonObject ErasureSubject = new() { ["email"] = Email.ToUpperInvariant(), ["phone"] = "+1 500-555-0077" };

    [Fact]
    public async Task An_erased_customer_leaves_no_identity_anywhere_the_report_stays_and_an_opt_out_still_holds()
    {
        // The customer and a second one who must be left alone.
        await _host.SendAsync(CustomerPurchase("PRIV-1"));
        await _host.SendAsync(Purchase("PRIV-OTHER", "grace@example.com", "+15005550010"));
        var confirmation = Assert.Single(MailsToCustomer());
        await _host.FollowTrackedLinkAsync(Regex.Match(Text(confirmation), BaseUrl + @"/c/[\w-]+").Value);
        await _host.AdvanceToDayAsync(1);
        await _host.SendAsync(CustomerPurchase("PRIV-2")); // a repeat purchase after the click: a conversion in the report

        await _host.AdvanceToDayAsync(2);
        var onboarding = MailsToCustomer().Last(m => Subject(m)!.StartsWith("Getting the most out of"));
        var unsubscribe = Regex.Match(onboarding.Header("List-Unsubscribe")!, "<(" + Regex.Escape(BaseUrl) + "/unsubscribe/[^>]+)>").Groups[1].Value;
        var unsubscribed = await _host.Client.PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);

        await _host.AdvanceToDayAsync(7);
        var reviewSms = _host.Twilio.Requests.First(r => r.Form["To"] == Phone);
        var reviewPath = new Uri(Regex.Match(reviewSms.Form["Body"], BaseUrl + @"/review/[\w.-]+").Value).AbsolutePath;
        var reviewed = await _host.Client.PostAsync(reviewPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "2", ["comment"] = "Zebedee here: the audio was poor" }));
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        await _host.DrainAsync();

        var cellsBefore = await DatabaseText.AllAsync(_host.Services);
        Assert.Contains(cellsBefore, c => c.Value.Contains("quillfeather", StringComparison.OrdinalIgnoreCase)); // the probe finds the name where it is
        Assert.Contains(cellsBefore, c => c.Value.Contains(PhoneDigits));
        Assert.Contains(cellsBefore, c => c.Table == "workflow_instances" && c.Value.Contains(ProviderCustomerId)); // the purchase input in instance state
        Assert.Contains(cellsBefore, c => c.Value.Contains(AddressLine));
        Assert.Contains(cellsBefore, c => c.Value.Contains(IpAddress));
        var reportBefore = await SendAsync(HttpMethod.Get, ReportUrl);
        Assert.Equal(3, (int)reportBefore["journeysStarted"]!);
        Assert.Equal(1, reportBefore["steps"]!.AsArray().Sum(s => (int)s!["conversions"]!)); // the repeat purchase after the click
        Assert.Equal(1, reportBefore["steps"]!.AsArray().Sum(s => (int)s!["reviews"]!));

        // Only admins: an editor key and a viewer key get 403 and change nothing.
        foreach (var key in new[] { ApiKey, ViewerKey })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client.SendAsync(Request(HttpMethod.Get, $"/api/privacy/export?email={Email}", key))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client.SendAsync(Request(HttpMethod.Post, "/api/privacy/erasure", key, ErasureSubject))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.SendAsync(Request(HttpMethod.Get, "/api/privacy/export?email=not-an-address", AdminKey))).StatusCode);

        // Access: the export holds their orders, journeys, messages, opt-out and review.
        var export = await SendAsync(HttpMethod.Get, $"/api/privacy/export?email={Uri.EscapeDataString(Email)}&phone={Uri.EscapeDataString(Phone)}");
        Assert.True((bool)export["found"]!);
        Assert.Equal(["PRIV-1", "PRIV-2"], export["customerOrders"]!.AsArray().Select(o => (string)o!["orderId"]!).Order());
        Assert.Equal(2, export["workflowInstances"]!.AsArray().Count);
        Assert.Contains(export["messages"]!.AsArray(), m => (string?)m!["subject"] == "Your order PRIV-1 is confirmed");
        Assert.Contains(export["consent"]!.AsArray(), c => (string?)c!["status"] == "OptedOut");
        Assert.Equal("Zebedee here: the audio was poor", (string?)Assert.Single(export["reviews"]!.AsArray())!["comment"]);
        Assert.DoesNotContain("grace@example.com", export.ToJsonString());

        // Erasure (the phone typed with spaces and dashes, the email in capitals: the same customer).
        var erased = await SendAsync(HttpMethod.Post, "/api/privacy/erasure", body: ErasureSubject);
        Assert.True((bool)erased["erasedAnything"]!);
        Assert.True((int)erased["cancelledJourneys"]! >= 1, erased.ToJsonString());
        Assert.Equal(2, (int)erased["rows"]!["customerOrders"]!);
        Assert.True((int)erased["rows"]!["consentChanges"]! >= 1);

        // Name, phone, provider customer id, address line, postal code and IP: in no text column of any table (JSON included).
        var leftovers = await DatabaseText.MentioningAsync(_host.Services, Identifying);
        Assert.True(leftovers.Count == 0, "identity left behind:\n" + string.Join("\n", leftovers));
        Assert.Contains(await DatabaseText.AllAsync(_host.Services), c => c.Value.Contains("grace@example.com")); // the other customer is untouched

        var reportAfter = await SendAsync(HttpMethod.Get, ReportUrl);
        Assert.Equal(reportBefore.ToJsonString(), reportAfter.ToJsonString());

        // Idempotent: nothing is left, and the export finds nothing.
        var again = await SendAsync(HttpMethod.Post, "/api/privacy/erasure", body: ErasureSubject);
        Assert.False((bool)again["erasedAnything"]!, again.ToJsonString());
        Assert.Equal(0, (int)again["cancelledJourneys"]!);
        var exportAfter = await SendAsync(HttpMethod.Get, $"/api/privacy/export?email={Uri.EscapeDataString(Email)}&phone={Uri.EscapeDataString(Phone)}");
        Assert.False((bool)exportAfter["found"]!, exportAfter.ToJsonString());
        Assert.All(exportAfter.AsObject().Where(p => p.Value is JsonArray && p.Key != "names"), p => Assert.Empty(p.Value!.AsArray()));
        Assert.True((bool)exportAfter["suppressedAfterErasure"]!);

        // The audit trail names the admin key and the action, with the address masked.
        var audit = (await SendAsync(HttpMethod.Get, "/api/audit?take=50"))["items"]!.AsArray();
        var entry = audit.First(e => (string?)e!["action"] == "privacy.erasure")!;
        Assert.Equal("api-key-2", (string?)entry["actor"]);
        Assert.Equal("z***@example.com +1500***0077", (string?)entry["target"]);
        Assert.Contains(audit, e => (string?)e!["action"] == "privacy.export");
        Assert.DoesNotContain("zebedee.q@", audit.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // They buy again: the receipt goes out, the marketing does not (the opt-out survives as a keyed hash).
        var mailsBefore = MailsToCustomer().Count;
        await _host.SendAsync(CustomerPurchase("PRIV-3"));
        await _host.AdvanceToDayAsync(10);
        var newMail = MailsToCustomer().Skip(mailsBefore).Select(m => Subject(m)).ToList();
        Assert.Equal(["Your order PRIV-3 is confirmed"], newMail);
        var newExport = await SendAsync(HttpMethod.Get, $"/api/privacy/export?email={Uri.EscapeDataString(Email)}");
        Assert.Contains(newExport["messages"]!.AsArray(), m => (string?)m!["status"] == "Suppressed" && ((string?)m["detail"])!.Contains("unsubscribed"));
    }

    [Fact]
    public async Task The_studio_page_exports_and_erases_for_a_signed_in_admin_with_a_confirmed_form()
    {
        await _host.SendAsync(CustomerPurchase("PRIV-9"));
        var pages = _host.Client; // keeps cookies, follows no redirects
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/studio/privacy")).StatusCode); // to the sign-in page
        var signIn = await pages.PostAsync("/studio/login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["username"] = "admin", ["password"] = AdminPassword, ["returnUrl"] = "/studio/privacy" }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var page = await pages.GetStringAsync("/studio/privacy");
        Assert.DoesNotContain("<script", page);
        var token = FormToken().Match(page);
        Assert.True(token.Success, "the erasure form carries an antiforgery token");

        var download = await pages.GetAsync($"/studio/privacy/export?email={Uri.EscapeDataString(Email)}");
        Assert.True(download.StatusCode == HttpStatusCode.OK, (await download.Content.ReadAsStringAsync())[..Math.Min(3000, (int)(download.Content.Headers.ContentLength ?? 3000))]);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True((bool)(await Json.ReadAsync(download))["found"]!);

        var fields = new Dictionary<string, string> { ["email"] = Email, [WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value) };
        var unconfirmed = await pages.PostAsync("/studio/privacy", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("confirm", await unconfirmed.Content.ReadAsStringAsync());
        Assert.True((bool)(await SendAsync(HttpMethod.Get, $"/api/privacy/export?email={Uri.EscapeDataString(Email)}"))["found"]!); // nothing changed

        fields["confirm"] = "yes";
        var done = await pages.PostAsync("/studio/privacy", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Erased z***@example.com", await done.Content.ReadAsStringAsync());
        Assert.False((bool)(await SendAsync(HttpMethod.Get, $"/api/privacy/export?email={Uri.EscapeDataString(Email)}"))["found"]!);
        // Erased by email alone: the phone and name found next to it are gone too.
        var leftovers = await DatabaseText.MentioningAsync(_host.Services, Identifying);
        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers));
        Assert.False((bool)(await SendAsync(HttpMethod.Get, $"/api/privacy/export?phone={Uri.EscapeDataString(Phone)}"))["found"]!);

        var audit = (await SendAsync(HttpMethod.Get, "/api/audit?take=50"))["items"]!.AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "privacy.erasure" && (string?)e["actor"] == "admin" && (string?)e["target"] == "z***@example.com");
        Assert.Contains(audit, e => (string?)e!["action"] == "privacy.export" && (string?)e["actor"] == "admin");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex FormToken();
}

/// <summary>The same privacy requests on a real PostgreSQL server.</summary>
public sealed partial class PostgresPrivacyRequestTests : PrivacyRequestTests
{
    protected override async Task<Dictionary<string, string?>> DatabaseAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Default"] = await PostPurchase.TestSupport.Postgres.TestPostgres.CreateDatabaseAsync("pp_privacy"),
    };
}
