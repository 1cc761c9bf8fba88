using System.Text.Json.Nodes;
using PostPurchase.Persistence.Privacy;

namespace PostPurchase.Persistence.Tests;

/// <summary>How a privacy request recognises and blanks a customer's email, phone and name in stored text.</summary>
public sealed class PersonalDataTermsTests
{
    private static PrivacySubject Subject(string? email = "Ada.L@Example.com", string? phone = "+44 20-7946 0958") =>
        PrivacySubject.TryCreate(email, phone, out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public void The_subject_is_normalised_and_bad_input_is_named()
    {
        var subject = Subject();
        Assert.Equal(("ada.l@example.com", "+442079460958", "442079460958"), (subject.Email, subject.Phone, subject.PhoneDigits));
        Assert.Equal("a***@example.com +4420***0958", subject.Masked);

        Assert.Null(PrivacySubject.TryCreate(null, " ", out var none));
        Assert.Contains("email or phone", none);
        Assert.Null(PrivacySubject.TryCreate("not-an-address", null, out var email));
        Assert.Contains("email", email);
        Assert.Null(PrivacySubject.TryCreate(null, "020 7946 0958", out var phone)); // no country code
        Assert.Contains("E.164", phone);
    }

    [Fact]
    public void Names_match_as_whole_words_and_email_and_phone_anywhere()
    {
        var terms = new PersonalDataTerms(Subject(), ["Ada Lovelace"]);

        Assert.Equal("Hi [erased], your [erased] order", terms.Redact("Hi Ada, your Adapter order".Replace("Adapter", "ADA LOVELACE")));
        Assert.Equal("Adapter for [erased]", terms.Redact("Adapter for ada"));
        Assert.Equal("to [erased] or [erased] / [erased]", terms.Redact("to ADA.L@example.com or +442079460958 / 442079460958"));
        Assert.Equal("order 1442079460958 stays", terms.Redact("order 1442079460958 stays")); // digits inside a longer number
        Assert.False(terms.Mentions("Nothing about them"));
    }

    [Fact]
    public void Json_is_redacted_value_by_value_including_escaped_text()
    {
        var terms = new PersonalDataTerms(Subject(phone: "+15005550077"), ["Zoë Quill"]);
        var json = new JsonObject { ["customer"] = new JsonObject { ["name"] = "Zoë Quill", ["phone"] = "+15005550077", ["Ada.L@example.com"] = 1 }, ["day"] = 2 }.ToJsonString();
        Assert.Contains("\\u002B15005550077", json); // how System.Text.Json writes a plus
        Assert.True(terms.MentionsJson(json));

        var redacted = JsonNode.Parse(terms.RedactJson(json)!)!;
        Assert.Equal("[erased]", (string?)redacted["customer"]!["name"]); // the whole name first
        Assert.Equal(1, (int)redacted["customer"]!["[erased]"]!); // a property named after them is renamed
        Assert.Equal("[erased]", (string?)redacted["customer"]!["phone"]);
        Assert.Equal(2, (int)redacted["day"]!);
        Assert.False(terms.MentionsJson(redacted.ToJsonString()));
        Assert.Equal("plain text with [erased]", terms.RedactJson("plain text with Zoë"));
    }
}
