using System.Globalization;
using System.Text;

namespace PostPurchase.Messaging.Sms;

/// <summary>What an inbound SMS asks for.</summary>
public enum SmsKeyword
{
    None,

    /// <summary>Stop all texts (STOP, ARRÊT, BAJA…).</summary>
    OptOut,

    /// <summary>Texts may resume (START, UNSTOP, YES).</summary>
    OptIn,

    /// <summary>Who is texting and how to stop it (HELP, INFO, AIDE, AYUDA…).</summary>
    Help,
}

/// <summary>
/// Recognises opt-out, opt-in and help keywords "in any reasonable manner" (FCC 47 CFR 64.1200(a)(10), in force
/// since April 2025): whatever the case, accents, surrounding whitespace, punctuation and emoji, the keyword alone or
/// opening the message ("Stop please", "STOP.", "  stop 🛑", "Arrêt"). A keyword in the middle of a sentence ("Don't
/// stop the deals!") is not one. Opt-in words count only alone, so "Yes I loved it" is not a consent. The word lists
/// are in docs/messaging.md.
/// </summary>
public static class SmsKeywords
{
    /// <summary>English (CTIA/Twilio/FCC), French, Spanish, German, Portuguese and Italian opt-out words, accents removed.</summary>
    public static readonly IReadOnlySet<string> OptOut = new HashSet<string>(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
        "ARRET", "DESABONNER", "DESINSCRIRE", // French (and STOP)
        "PARAR", "BAJA", "CANCELAR", "ALTO", // Spanish
        "STOPP", "ABMELDEN", "AUSTRAGEN", "ABBESTELLEN", // German
        "SAIR", // Portuguese (and PARAR, CANCELAR)
        "BASTA", "FERMA", "ANNULLA", "DISISCRIVIMI", // Italian
    };

    /// <summary>Words that opt a number back in; only a message that is just the word.</summary>
    public static readonly IReadOnlySet<string> OptIn = new HashSet<string>(StringComparer.Ordinal) { "START", "UNSTOP", "YES" };

    /// <summary>Help words in the same languages.</summary>
    public static readonly IReadOnlySet<string> Help = new HashSet<string>(StringComparer.Ordinal)
    {
        "HELP", "INFO", "AIDE", "AYUDA", "HILFE", "AJUDA", "AIUTO",
    };

    /// <summary>Two-word forms that mean the same as one keyword.</summary>
    private static readonly Dictionary<(string, string), string> Pairs = new()
    {
        [("OPT", "OUT")] = "OPTOUT", [("STOP", "ALL")] = "STOPALL", [("OPT", "IN")] = "START",
    };

    /// <summary>The keyword <paramref name="body"/> opens with, its kind, and its canonical spelling (e.g. "ARRET").</summary>
    public static (SmsKeyword Kind, string? Word) Classify(string? body)
    {
        var words = Words(body);
        if (words.Count == 0) return (SmsKeyword.None, null);
        var first = words[0];
        var rest = 1;
        if (words.Count > 1 && Pairs.TryGetValue((words[0], words[1]), out var joined))
        {
            first = joined;
            rest = 2;
        }

        if (OptOut.Contains(first)) return (SmsKeyword.OptOut, first);
        if (Help.Contains(first)) return (SmsKeyword.Help, first);
        if (OptIn.Contains(first) && words.Count == rest) return (SmsKeyword.OptIn, first);
        return (SmsKeyword.None, null);
    }

    /// <summary>The message's words, upper case without accents; anything but letters separates them.</summary>
    public static IReadOnlyList<string> Words(string? body)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(body)) return words;
        var current = new StringBuilder();
        foreach (var c in body.Normalize(NormalizationForm.FormKD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format) continue; // accents, joiners
            if (char.IsLetter(c))
            {
                current.Append(char.ToUpperInvariant(c));
                continue;
            }

            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }

        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
