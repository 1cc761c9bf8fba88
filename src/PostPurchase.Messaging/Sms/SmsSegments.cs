namespace PostPurchase.Messaging.Sms;

/// <summary>
/// How many segments an SMS is billed as: GSM-7 text fits 160 characters (153 per segment when split), anything else is
/// UCS-2 with 70 (67) UTF-16 units. Characters of the GSM extension table (e.g. € [ ] { }) take two.
/// </summary>
public static class SmsSegments
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    /// <summary>True when every character is in the GSM 03.38 basic or extension table (else the SMS goes as UCS-2).</summary>
    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    public static int Count(string text)
    {
        if (text.Length == 0) return 1;
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0);
        }

        return text.Length <= 70 ? 1 : (int)Math.Ceiling(text.Length / 67.0);
    }
}
