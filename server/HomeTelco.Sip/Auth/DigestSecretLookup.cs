namespace HomeTelco.Sip.Auth;

/// Returns the stored secret of <paramref name="username"/> in <paramref name="realm"/>, usable with
/// <paramref name="algorithm"/>, or null when there is no such user (or no secret for that algorithm).
internal delegate DigestSecret? DigestSecretLookup(string username, string realm, DigestAlgorithm algorithm);
