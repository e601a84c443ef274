using System.Text;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Headers;

/// Authorization, Proxy-Authorization, WWW-Authenticate and Proxy-Authenticate: a scheme and comma-separated
/// auth-params (RFC 3261 §25.1, RFC 7616). Unknown schemes parse too (RFC 4475 regaut01) so the registrar can challenge.
internal sealed class SipCredentials
{
    public SipCredentials(string scheme, IReadOnlyList<SipParameter> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    /// Values as written (quoted-strings keep their quotes); use <see cref="Get"/> for unescaped values.
    public IReadOnlyList<SipParameter> Parameters { get; }

    public bool IsDigest => string.Equals(Scheme, "Digest", StringComparison.OrdinalIgnoreCase);

    /// The unquoted, unescaped value of a parameter (realm, nonce, username, uri, response, algorithm, qop...).
    public string? Get(string name)
    {
        var index = SipUri.IndexOf(Parameters, name);
        return index < 0 ? null : Parameters[index].UnquotedValue;
    }

    public static SipSyntaxResult<SipCredentials> Parse(ReadOnlySpan<byte> value)
    {
        var schemeEnd = SipCursor.ScanToken(value, 0);
        if (schemeEnd == 0)
        {
            return SipSyntaxResult<SipCredentials>.Fail("Missing auth scheme", 0);
        }

        var scheme = Known(value[..schemeEnd]);
        // Digest credentials carry ten or eleven parameters; starting at eight made every REGISTER copy the list twice.
        var parameters = new List<SipParameter>(12);
        var pos = SipCursor.SkipWhitespace(value, schemeEnd);
        if (pos == schemeEnd && pos < value.Length)
        {
            return SipSyntaxResult<SipCredentials>.Fail("Auth scheme must be followed by whitespace", pos);
        }

        while (pos < value.Length)
        {
            var nameEnd = SipCursor.ScanToken(value, pos);
            var equals = SipCursor.SkipWhitespace(value, nameEnd);
            if (nameEnd == pos || equals >= value.Length || value[equals] != (byte)'=')
            {
                return SipSyntaxResult<SipCredentials>.Fail("Malformed auth-param", pos);
            }

            var valueStart = SipCursor.SkipWhitespace(value, equals + 1);
            if (!SipParameterListParser.TryReadValue(value, valueStart, out var valueEnd))
            {
                return SipSyntaxResult<SipCredentials>.Fail("Malformed auth-param value", valueStart);
            }

            parameters.Add(new SipParameter(Known(value[pos..nameEnd]), Encoding.UTF8.GetString(value[valueStart..valueEnd])));
            pos = SipCursor.SkipWhitespace(value, valueEnd);
            if (pos < value.Length)
            {
                if (value[pos] != (byte)',')
                {
                    return SipSyntaxResult<SipCredentials>.Fail("Expected ',' between auth-params", pos);
                }

                pos = SipCursor.SkipWhitespace(value, pos + 1);
            }
        }

        return SipSyntaxResult<SipCredentials>.Ok(new SipCredentials(scheme, parameters));
    }

    // Every REGISTER and authenticated INVITE carries the same dozen names.
    private static readonly string[] KnownNames =
        ["Digest", "username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"];

    private static string Known(ReadOnlySpan<byte> token) => SipKnownTokens.Get(token, KnownNames);
}
