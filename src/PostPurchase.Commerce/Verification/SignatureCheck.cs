namespace PostPurchase.Commerce.Verification;

/// <summary>The result of checking a webhook's signature; <see cref="Failure"/> says why it was rejected (safe to log).</summary>
public sealed record SignatureCheck(bool IsValid, string? Failure)
{
    public static readonly SignatureCheck Valid = new(true, null);

    public static SignatureCheck Invalid(string failure) => new(false, failure);
}
