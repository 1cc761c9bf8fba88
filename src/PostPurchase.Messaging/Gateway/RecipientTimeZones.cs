namespace PostPurchase.Messaging.Gateway;

/// <summary>The zone quiet hours use for one recipient, and how it was found.</summary>
/// <param name="Zone">The zone used.</param>
/// <param name="Note">Null when the purchase named this zone exactly; otherwise what was done and why, for the log and the journal.</param>
/// <param name="IsDefault">True when nothing better than <c>Messaging__DefaultTimeZone</c> was found.</param>
public sealed record ZoneChoice(TimeZoneInfo Zone, string? Note, bool IsDefault = false);

/// <summary>
/// Finds a recipient's time zone: the purchase's zone as given; else the same id with a near-miss repaired (case,
/// spaces for underscores, a Windows id, an old alias such as US/Eastern); else the one zone of the phone number's
/// country (calling code) or of the address's country, for countries that have one zone; only then the default.
/// </summary>
public static class RecipientTimeZones
{
    private static readonly Lazy<Dictionary<string, string>> KnownIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Concat(Aliases.Values).Distinct()
            .ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase));

    // Old tz "backward" names and the abbreviations people type, mapped to their canonical IANA zone.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US/Eastern"] = "America/New_York", ["US/Central"] = "America/Chicago", ["US/Mountain"] = "America/Denver",
        ["US/Pacific"] = "America/Los_Angeles", ["US/Alaska"] = "America/Anchorage", ["US/Hawaii"] = "Pacific/Honolulu",
        ["US/Arizona"] = "America/Phoenix", ["Canada/Eastern"] = "America/Toronto", ["Canada/Pacific"] = "America/Vancouver",
        ["Canada/Central"] = "America/Winnipeg", ["Canada/Mountain"] = "America/Edmonton", ["Canada/Atlantic"] = "America/Halifax",
        ["Eastern"] = "America/New_York", ["Central"] = "America/Chicago", ["Mountain"] = "America/Denver", ["Pacific"] = "America/Los_Angeles",
        ["EST"] = "America/New_York", ["EDT"] = "America/New_York", ["CST"] = "America/Chicago", ["CDT"] = "America/Chicago",
        ["MST"] = "America/Denver", ["MDT"] = "America/Denver", ["PST"] = "America/Los_Angeles", ["PDT"] = "America/Los_Angeles",
        ["GB"] = "Europe/London", ["Europe/Kiev"] = "Europe/Kyiv", ["Asia/Calcutta"] = "Asia/Kolkata", ["Asia/Saigon"] = "Asia/Ho_Chi_Minh",
    };

    /// <summary>Finds the zone for <paramref name="requested"/> (may be null or misspelt), the E.164 <paramref name="phone"/> and the ISO <paramref name="country"/>.</summary>
    public static ZoneChoice Resolve(string? requested, string? phone, string? country, string defaultZoneId)
    {
        var asked = requested?.Trim();
        if (asked is { Length: > 0 })
        {
            // Exactly an IANA id as the system spells it (Linux also finds other casings and Windows ids: those are noted).
            if (TimeZoneInfo.TryFindSystemTimeZoneById(asked, out var exact) && exact.Id == asked && !asked.Contains(' ') && !Aliases.ContainsKey(asked))
                return new ZoneChoice(exact, null);
            if (Repair(asked) is { } repaired) return new ZoneChoice(repaired, $"time zone '{asked}' read as {repaired.Id}");
        }

        var why = asked is { Length: > 0 } ? $"time zone '{asked}' is unknown" : "the purchase has no time zone";
        if (SingleZoneCountries.FromPhone(phone) is ({ } phoneCountry, { } phoneZone) && Find(phoneZone) is { } byPhone)
            return new ZoneChoice(byPhone, $"{why}; used {byPhone.Id} from the phone number's country ({phoneCountry})");
        if (SingleZoneCountries.Zone(country) is { } countryZone && Find(countryZone) is { } byCountry)
            return new ZoneChoice(byCountry, $"{why}; used {byCountry.Id} from the address's country ({country!.Trim().ToUpperInvariant()})");

        var fallback = TimeZoneInfo.FindSystemTimeZoneById(defaultZoneId);
        return new ZoneChoice(fallback, $"{why} and neither the phone number nor the address names a one-zone country; used the default {fallback.Id} (Messaging__DefaultTimeZone)", IsDefault: true);
    }

    private static TimeZoneInfo? Repair(string asked)
    {
        var candidates = new[] { asked, string.Join('_', asked.Split(' ', StringSplitOptions.RemoveEmptyEntries)), asked.Replace(" / ", "/").Replace(' ', '_') };
        foreach (var candidate in candidates)
        {
            if (Aliases.TryGetValue(candidate, out var alias) && Find(alias) is { } aliased) return aliased;
            if (KnownIds.Value.TryGetValue(candidate, out var id) && Find(id) is { } cased) return cased;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(asked, out var iana) && Find(iana) is { } windows ? windows : null;
    }

    private static TimeZoneInfo? Find(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
