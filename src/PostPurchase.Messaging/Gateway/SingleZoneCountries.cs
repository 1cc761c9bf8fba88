namespace PostPurchase.Messaging.Gateway;

/// <summary>
/// Countries that keep one time zone (tz database zone1970.tab), by ISO 3166-1 alpha-2 code and by ITU calling code.
/// Countries with several zones (US, CA, AU, BR, RU, MX, ES, PT, NZ, KZ, ID…) and shared calling codes (+1, +7) are
/// absent on purpose: we never guess between zones.
/// </summary>
internal static class SingleZoneCountries
{
    private static readonly (string Country, string CallingCode, string Zone)[] Table =
    [
        ("GB", "44", "Europe/London"), ("IE", "353", "Europe/Dublin"), ("DE", "49", "Europe/Berlin"), ("FR", "33", "Europe/Paris"),
        ("NL", "31", "Europe/Amsterdam"), ("BE", "32", "Europe/Brussels"), ("LU", "352", "Europe/Luxembourg"), ("CH", "41", "Europe/Zurich"),
        ("AT", "43", "Europe/Vienna"), ("IT", "39", "Europe/Rome"), ("DK", "45", "Europe/Copenhagen"), ("SE", "46", "Europe/Stockholm"),
        ("NO", "47", "Europe/Oslo"), ("FI", "358", "Europe/Helsinki"), ("IS", "354", "Atlantic/Reykjavik"), ("PL", "48", "Europe/Warsaw"),
        ("CZ", "420", "Europe/Prague"), ("SK", "421", "Europe/Bratislava"), ("HU", "36", "Europe/Budapest"), ("SI", "386", "Europe/Ljubljana"),
        ("HR", "385", "Europe/Zagreb"), ("RO", "40", "Europe/Bucharest"), ("BG", "359", "Europe/Sofia"), ("GR", "30", "Europe/Athens"),
        ("EE", "372", "Europe/Tallinn"), ("LV", "371", "Europe/Riga"), ("LT", "370", "Europe/Vilnius"), ("MT", "356", "Europe/Malta"),
        ("TR", "90", "Europe/Istanbul"), ("IL", "972", "Asia/Jerusalem"), ("AE", "971", "Asia/Dubai"), ("IN", "91", "Asia/Kolkata"),
        ("JP", "81", "Asia/Tokyo"), ("KR", "82", "Asia/Seoul"), ("CN", "86", "Asia/Shanghai"), ("HK", "852", "Asia/Hong_Kong"),
        ("TW", "886", "Asia/Taipei"), ("SG", "65", "Asia/Singapore"), ("TH", "66", "Asia/Bangkok"), ("PH", "63", "Asia/Manila"),
        ("ZA", "27", "Africa/Johannesburg"), ("KW", "965", "Asia/Kuwait"), ("BH", "973", "Asia/Bahrain"), ("SA", "966", "Asia/Riyadh"),
    ];

    private static readonly Dictionary<string, (string Country, string Zone)> ByCallingCode =
        Table.ToDictionary(t => t.CallingCode, t => (t.Country, t.Zone));

    private static readonly Dictionary<string, string> ByCountry =
        Table.ToDictionary(t => t.Country, t => t.Zone, StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone of a one-zone country (ISO alpha-2), or null.</summary>
    public static string? Zone(string? country) => country is not null && ByCountry.TryGetValue(country.Trim(), out var zone) ? zone : null;

    /// <summary>The country and zone an E.164 number's calling code names (calling codes are prefix-free), or nulls.</summary>
    public static (string? Country, string? Zone) FromPhone(string? e164)
    {
        if (e164 is not { Length: > 4 } || e164[0] != '+') return (null, null);
        for (var length = 1; length <= 3; length++)
            if (ByCallingCode.TryGetValue(e164.Substring(1, length), out var hit)) return (hit.Country, hit.Zone);
        return (null, null);
    }
}
