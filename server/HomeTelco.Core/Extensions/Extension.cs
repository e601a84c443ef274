namespace HomeTelco.Core.Extensions;

/// <summary>
/// A phone number of the box that softphones register as. Stored in the <c>extensions</c> collection. The SIP
/// password itself is never kept: only the digest HA1s for the box's realm, one per algorithm the registrar offers.
/// </summary>
public sealed class Extension
{
    public int Id { get; set; }

    /// <summary>What people dial and what phones put in their user name: 2 to 10 digits.</summary>
    public string Number { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The realm the HA1s were computed in; a different realm would need the password again.</summary>
    public string Realm { get; set; } = "";

    /// <summary>MD5(number:realm:password) in lower-case hex (RFC 2617 / RFC 7616 "MD5").</summary>
    public string Ha1Md5 { get; set; } = "";

    /// <summary>SHA-256(number:realm:password) in lower-case hex (RFC 7616 / RFC 8760 "SHA-256").</summary>
    public string Ha1Sha256 { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A detached copy: every field is a value or an immutable string, so a shallow copy is a full one.</summary>
    internal Extension Copy() => (Extension)MemberwiseClone();
}
