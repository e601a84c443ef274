namespace HomeTelco.Sip.Auth;

/// What the store holds for a user: the password, or HA1 precomputed for one algorithm (so the box need not keep
/// passwords). An HA1 is only valid for the algorithm and realm it was computed with.
internal sealed class DigestSecret
{
    private DigestSecret(string value, bool isHa1)
    {
        Value = value;
        IsHa1 = isHa1;
    }

    public string Value { get; }

    public bool IsHa1 { get; }

    public static DigestSecret FromPassword(string password) => new(password, isHa1: false);

    /// <paramref name="ha1Hex"/> is H(username:realm:password) in hex, for the algorithm the lookup was asked about.
    public static DigestSecret FromHa1(string ha1Hex) => new(ha1Hex.ToLowerInvariant(), isHa1: true);
}
