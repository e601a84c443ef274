namespace HomeTelco.Core.Extensions;

/// <summary>What the SIP registrar and proxy check digest responses against (never the password).</summary>
/// <param name="Number">The extension, which is also the digest user name.</param>
/// <param name="Realm">The realm the HA1s belong to.</param>
/// <param name="Ha1Md5">Lower-case hex MD5 HA1.</param>
/// <param name="Ha1Sha256">Lower-case hex SHA-256 HA1.</param>
public sealed record ExtensionCredentials(string Number, string Realm, string Ha1Md5, string Ha1Sha256);
