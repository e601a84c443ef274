using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace HomeTelco.Sip.Auth;

/// The RFC 7616 §3.4.1 computations, lower-case hex in and out.
internal static class DigestHash
{
    public static string Name(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";

    /// Length of H() in hex digits: what a stored HA1 and a client's response must have.
    public static int HexLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? 64 : 32;

    /// An absent algorithm means MD5 (RFC 3261 §22.4, RFC 7616 §3.3).
    public static bool TryParse(string? value, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (value is null || string.Equals(value, "MD5", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(value, "SHA-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }

        return false;
    }

    /// HA1 = H(username ":" realm ":" password).
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        Hex(algorithm, string.Concat(username, ":", realm, ":", password));

    /// response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) with qop, or H(HA1 ":" nonce ":" HA2) without
    /// (RFC 2069), where HA2 = H(method ":" digest-uri).
    public static string Response(DigestAlgorithm algorithm, string ha1, string nonce, string method, string uri, string? qop, string? nc, string? cnonce)
    {
        var ha2 = Hex(algorithm, string.Concat(method, ":", uri));
        return qop is null
            ? Hex(algorithm, string.Concat(ha1, ":", nonce, ":", ha2))
            : Hex(algorithm, string.Join(':', ha1, nonce, nc, cnonce, qop, ha2));
    }

    // MD5 is not used for its strength: RFC 3261 makes it the default and most deployed phones offer nothing else.
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 3261 digest interoperability")]
    private static string Hex(DigestAlgorithm algorithm, string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        Span<byte> hash = stackalloc byte[32];
        var written = algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(bytes, hash) : MD5.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..written]);
    }
}
