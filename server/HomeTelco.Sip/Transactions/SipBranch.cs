namespace HomeTelco.Sip.Transactions;

/// Via branch values (RFC 3261 §8.1.1.7).
internal static class SipBranch
{
    public const string MagicCookie = "z9hG4bK";

    /// A branch unique across space and time: the magic cookie and 64 random bits.
    public static string New() => Syntax.SipRandomHex.Create(MagicCookie);

    public static bool HasMagicCookie(string? branch) => branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;
}
