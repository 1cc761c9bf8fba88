using System.Security.Cryptography;
using System.Text;
using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Server.Simulations;

/// <summary>
/// Makes a real purchase safe to show in the Studio and to edit as a simulation sample: the email becomes
/// <c>a***@domain</c>, the phone the fictional <c>+1 202-555-01NN</c> that keeps only its last two digits (a valid E.164
/// number, so SMS steps still simulate), the name its first word; addresses, provider ids and metadata are dropped.
/// Country, time zone, locale, consent, items and amounts stay: the journey's rules need them.
/// </summary>
public static class PurchaseMasking
{
    public static Purchase Mask(Purchase purchase) => purchase with
    {
        OrderId = "masked-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(purchase.OrderId)))[..8].ToLowerInvariant(),
        ProviderEventId = null,
        ProviderCustomerId = null,
        Customer = purchase.Customer with
        {
            Email = Email(purchase.Customer.Email),
            Phone = Phone(purchase.Customer.Phone),
            Name = FirstName(purchase.Customer.Name),
        },
        Metadata = new Dictionary<string, string>(),
    };

    /// <summary><c>ada@example.com</c> → <c>a***@example.com</c>; null stays null.</summary>
    public static string? Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }

    /// <summary><c>+442079460018</c> → <c>+12025550118</c> (fictional; last two digits kept); null stays null.</summary>
    public static string? Phone(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 2 ? null : "+120255501" + digits[^2..];
    }

    /// <summary>The first word of the name only.</summary>
    public static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}
